import os

from flask import Flask
from flask_jwt_extended import JWTManager
from flask_sqlalchemy import SQLAlchemy

db = SQLAlchemy()
jwt = JWTManager()


def create_app():
    app = Flask(__name__)  # expect: FB502
    app.config.from_mapping(
        SECRET_KEY=os.environ["SECRET_KEY"],
        JWT_SECRET_KEY="jwt-secret",  # expect: FB111
        SESSION_COOKIE_HTTPONLY=False,  # expect: FB200
        DEBUG=True,  # expect: FB101
    )
    db.init_app(app)
    jwt.init_app(app)
    from .api import api

    app.register_blueprint(api, url_prefix="/api")
    return app
