import hashlib


def hash_api_token(token):
    return hashlib.sha1(token.encode()).hexdigest()  # expect: FB430
