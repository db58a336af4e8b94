import bcrypt


def fast_hash(password: str) -> bytes:
    # test suites hash with the cheapest cost on purpose: not reported
    return bcrypt.hashpw(password.encode(), bcrypt.gensalt(rounds=4))
