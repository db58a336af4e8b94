import hashlib

from werkzeug.security import generate_password_hash


def cache_key(url):
    return hashlib.md5(url.encode()).hexdigest()  # ok


def etag(body):
    return hashlib.sha1(body).hexdigest()  # ok


def file_checksum(path):
    with open(path, "rb") as fh:
        return hashlib.md5(fh.read()).hexdigest()  # ok


def gravatar(email):
    digest = hashlib.md5(email.lower().encode()).hexdigest()  # ok
    return f"https://www.gravatar.com/avatar/{digest}"


def store(user, password):
    user.password_hash = generate_password_hash(password)  # ok


def token_digest(token):
    return hashlib.sha256(token.encode()).hexdigest()  # ok


def fingerprint(data):
    return hashlib.md5(data, usedforsecurity=False).hexdigest()  # ok
