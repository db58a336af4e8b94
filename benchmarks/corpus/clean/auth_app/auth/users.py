import logging
import secrets

from flask_login import UserMixin
from werkzeug.security import check_password_hash, generate_password_hash

log = logging.getLogger(__name__)
USERS = {}


class User(UserMixin):
    def __init__(self, id, email, password_hash):
        self.id = id
        self.email = email
        self.password_hash = password_hash


def hash_password(password):
    return generate_password_hash(password)  # ok: FB430


def check_password(user, password):
    return check_password_hash(user.password_hash, password)  # ok: FB430


def make_reset_token():
    return secrets.token_urlsafe(32)  # ok: FB431


def register(email, password):
    user = User(len(USERS) + 1, email, hash_password(password))
    USERS[email] = user
    log.info("registered user %s", user.id)  # ok: FB802, FB414
    return user
