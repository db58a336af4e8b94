import hashlib
import os

import bcrypt
from flask import Flask, current_app, request
from flask_bcrypt import Bcrypt
from passlib.hash import pbkdf2_sha256
from werkzeug.security import generate_password_hash

app = Flask(__name__)
flask_bcrypt = Bcrypt(app)
ITERATIONS = 600_000


def hash_password(password: str, salt: bytes) -> bytes:
    return hashlib.pbkdf2_hmac("sha256", password.encode(), salt, ITERATIONS)  # ok


def hash_password_sha512(password: str) -> bytes:
    salt = os.urandom(16)
    return salt + hashlib.pbkdf2_hmac("sha512", password.encode(), salt, 210_000)  # ok


def hash_password_configured(password: str, salt: bytes) -> bytes:
    # the operator's setting: not judged
    rounds = current_app.config["PBKDF2_ROUNDS"]
    return hashlib.pbkdf2_hmac("sha256", password.encode(), salt, rounds)  # ok


@app.post("/register")
def register():
    password = request.form["password"]
    default = generate_password_hash(password)  # ok
    strong = generate_password_hash(password, method="pbkdf2:sha256:600000")  # ok
    pbkdf2_default = generate_password_hash(password, method="pbkdf2:sha256")  # ok
    scrypt = generate_password_hash(password, method="scrypt:32768:8:1")  # ok
    return default + strong + pbkdf2_default + scrypt


def bcrypt_hash(password: str) -> bytes:
    return bcrypt.hashpw(password.encode(), bcrypt.gensalt(rounds=12))  # ok


def bcrypt_default(password: str) -> bytes:
    return bcrypt.hashpw(password.encode(), bcrypt.gensalt())  # ok


def flask_bcrypt_hash(password: str) -> bytes:
    return flask_bcrypt.generate_password_hash(password)  # ok


def scrypt_hash(password: str, salt: bytes) -> bytes:
    return hashlib.scrypt(password.encode(), salt=salt, n=2**15, r=8, p=1)  # ok


STRONG_CONTEXT = pbkdf2_sha256.using(rounds=600_000)  # ok


def api_key_lookup_hash(api_key_string: str, salt: bytes) -> bytes:
    # API keys are long random strings: a cheap deterministic hash indexes them
    return hashlib.scrypt(api_key_string.encode("utf-8"), salt=salt, n=2, r=1, p=1)  # ok
