from flask import Flask


class Config:
    SECRET_KEY_FILE = "/run/secrets/flask_key"
    SESSION_COOKIE_SECURE = True


class DevConfig(Config):
    DEBUG = True  # expect: FB101


class LocalConfig(DevConfig):
    TEMPLATES_AUTO_RELOAD = True


def create_app(config=DevConfig):
    app = Flask(__name__)
    app.config.from_object(config)
    return app


def make_app(*, settings=LocalConfig):
    app = Flask(__name__)
    app.config.from_object(settings)
    return app
