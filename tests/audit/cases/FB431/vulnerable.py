import random
import string
from random import choice, randint


def generate_token(length=32):
    return "".join(random.choice(string.ascii_letters) for _ in range(length))  # expect: FB431


def reset(user):
    user.reset_code = randint(100000, 999999)  # expect: FB431


def new_password():
    chars = string.ascii_letters + string.digits
    password = "".join(choice(chars) for _ in range(12))  # expect: FB431
    return password


def session_id():
    return "%032x" % random.getrandbits(128)  # expect: FB431


def api_credentials():
    return {"api_key": "".join(random.choices(string.hexdigits, k=40))}  # expect: FB431


def otp():
    rng = random.Random()
    return rng.randint(0, 999999)


def order_token():
    token = random.randrange(10**12)  # expect: FB431
    return token


def one_time_code():
    return str(random.randint(100000, 999999))  # expect: FB431


def new_request_id():
    request_id = random.getrandbits(64)  # expect: FB431
    return request_id


def keygen():
    key = hashlib_like(str(random.getrandbits(256)))  # expect: FB431
    return key


def hashlib_like(text):
    return text
