import os

SECRET_KEY = os.environ.get("SECRET_KEY", "dev")  # expect: FB111


class Config:
    SECRET_KEY = os.environ.get("SECRET_KEY") or "hard to guess string"  # expect: FB111
