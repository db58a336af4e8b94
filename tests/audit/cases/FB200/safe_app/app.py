from flask import Flask

app = Flask(__name__)
app.config.update(SESSION_COOKIE_HTTPONLY=True, SESSION_COOKIE_SECURE=True)


class TestingConfig:
    SESSION_COOKIE_HTTPONLY = False
