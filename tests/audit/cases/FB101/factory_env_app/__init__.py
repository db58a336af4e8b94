import os

from flask import Flask


class Config:
    DEBUG = os.environ.get("FLASK_DEBUG") == "1"


class DevConfig(Config):
    DEBUG = True


class ProdConfig(Config):
    DEBUG = False


def create_app(config=ProdConfig):
    app = Flask(__name__)
    app.config.from_object(config)
    return app


def create_dev_app(config=Config):
    app = Flask(__name__)
    app.config.from_object(config)
    return app
