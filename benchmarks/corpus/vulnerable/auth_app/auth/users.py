import hashlib
import logging
import random
import string

from flask_login import UserMixin

log = logging.getLogger(__name__)
USERS = {}


class User(UserMixin):
    def __init__(self, id, email, password_hash):
        self.id = id
        self.email = email
        self.password_hash = password_hash


def hash_password(password):
    return hashlib.md5(password.encode()).hexdigest()  # expect: FB430


def check_password(user, password):
    return user.password_hash == hashlib.sha1(password.encode()).hexdigest()  # expect: FB430


def make_reset_token():
    return "".join(random.choice(string.ascii_letters + string.digits) for _ in range(32))  # expect: FB431


def register(email, password):
    log.info("registering %s with password %s", email, password)  # expect: FB802; expect: FB414
    user = User(len(USERS) + 1, email, hash_password(password))
    USERS[email] = user
    return user
