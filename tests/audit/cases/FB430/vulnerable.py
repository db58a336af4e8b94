import hashlib
from hashlib import md5, sha1


def hash_password(password):
    return hashlib.md5(password.encode()).hexdigest()  # expect: FB430


def register(form, user):
    user.password_hash = sha1(form["password"].encode()).hexdigest()  # expect: FB430


def make_reset_token(email, now):
    reset_token = md5(f"{email}{now}".encode()).hexdigest()  # expect: FB430
    return reset_token


def check_login(user, pw):
    return user.pw_hash == hashlib.new("md5", pw.encode()).hexdigest()  # expect: FB430


def store(user, password):
    user.password = hashlib.sha256(password.encode()).hexdigest()  # expect: FB430


def api_key_digest(api_key):
    return {"api_key": hashlib.sha1(api_key.encode()).hexdigest()}  # expect: FB430


def signup(request, db):
    db.save(hashlib.md5(request.form["password"].encode()).hexdigest())  # expect: FB430


def certificate_matches(certificate, known_hash):
    return hashlib.sha1(certificate).hexdigest() == known_hash  # expect: FB430
