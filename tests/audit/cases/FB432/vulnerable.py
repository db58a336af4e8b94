import hashlib
import os

import bcrypt
from flask import Flask, request
from flask_bcrypt import Bcrypt
from passlib.hash import pbkdf2_sha256
from werkzeug.security import generate_password_hash

app = Flask(__name__)
flask_bcrypt = Bcrypt(app)
ITERATIONS = 10_000


def hash_password(password: str, salt: bytes) -> bytes:
    return hashlib.pbkdf2_hmac("sha256", password.encode(), salt, 1000)  # expect: FB432


def hash_password_sha512(password: str) -> bytes:
    salt = os.urandom(16)
    digest = hashlib.pbkdf2_hmac("sha512", password.encode(), salt, ITERATIONS)  # expect: FB432
    return salt + digest


@app.post("/register")
def register():
    password = request.form["password"]
    digest = generate_password_hash(password, method="pbkdf2:sha256:1000")  # expect: FB432
    legacy = generate_password_hash(password, "sha256")  # expect: FB432
    fast = generate_password_hash(password, method="scrypt:1024:8:1")  # expect: FB432
    return digest + legacy + fast


def bcrypt_hash(password: str) -> bytes:
    return bcrypt.hashpw(password.encode(), bcrypt.gensalt(rounds=4))  # expect: FB432


def flask_bcrypt_hash(password: str) -> bytes:
    return flask_bcrypt.generate_password_hash(password, 6)  # expect: FB432


def scrypt_hash(password: str, salt: bytes) -> bytes:
    return hashlib.scrypt(password.encode(), salt=salt, n=2**10, r=8, p=1)  # expect: FB432


FAST_CONTEXT = pbkdf2_sha256.using(rounds=29000)  # expect: FB432


def current_password() -> str:
    return request.form["password"]


def register_again() -> str:
    return generate_password_hash(current_password(), "pbkdf2:sha256:50000")  # expect: FB432
