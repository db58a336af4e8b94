import os

from flask import Flask
from flask_jwt_extended import JWTManager
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_sqlalchemy import SQLAlchemy

db = SQLAlchemy()
jwt = JWTManager()
limiter = Limiter(get_remote_address)


def create_app():
    app = Flask(__name__)
    app.config.from_mapping(
        SECRET_KEY=os.environ["SECRET_KEY"],
        JWT_SECRET_KEY=os.environ["JWT_SECRET_KEY"],  # ok: FB111
        SESSION_COOKIE_HTTPONLY=True,  # ok: FB200
        DEBUG=os.environ.get("FLASK_DEBUG") == "1",  # ok: FB101
        MAX_CONTENT_LENGTH=20 * 1024 * 1024,
    )
    db.init_app(app)
    jwt.init_app(app)
    limiter.init_app(app)
    from .api import api

    app.register_blueprint(api, url_prefix="/api")
    return app
