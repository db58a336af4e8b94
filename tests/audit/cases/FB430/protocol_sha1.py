import hashlib
import hmac
import os

import requests


def generate_csrf_token(session):
    session["csrf_token"] = hashlib.sha1(os.urandom(64)).hexdigest()
    return session["csrf_token"]


def password_is_pwned(password):
    digest = hashlib.sha1(password.encode("utf-8")).hexdigest().upper()
    prefix, suffix = digest[:5], digest[5:]
    body = requests.get(f"https://api.pwnedpasswords.com/range/{prefix}", timeout=5).text
    return any(line.split(":")[0] == suffix for line in body.splitlines())


def sign_webhook(secret, payload):
    return hmac.new(secret, payload, hashlib.sha1).hexdigest()


def git_blob_id(data):
    return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()
