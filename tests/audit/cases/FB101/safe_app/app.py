import os

from flask import Flask


class DevelopmentConfig:
    DEBUG = True


class ProductionConfig:
    DEBUG = False


def create_app():
    app = Flask(__name__)
    app.config.from_object(ProductionConfig)
    app.config["DEBUG"] = os.environ.get("FLASK_DEBUG") == "1"
    return app
