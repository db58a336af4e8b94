import os


class Config:
    SECRET_KEY = os.environ.get("SECRET_KEY")
    SESSION_COOKIE_HTTPONLY = False  # expect: FB200
    SESSION_COOKIE_SECURE = False  # expect: FB201
    WTF_CSRF_ENABLED = False  # expect: FB301
