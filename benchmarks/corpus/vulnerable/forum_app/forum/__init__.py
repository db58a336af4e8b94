"""Forum: a CMS-like app (config classes, SQLAlchemy ORM, WTForms, admin blueprint)."""

import os

from flask import Flask
from flask_login import LoginManager
from flask_sqlalchemy import SQLAlchemy
from flask_wtf.csrf import CSRFProtect

db = SQLAlchemy()
login_manager = LoginManager()
csrf = CSRFProtect()


class Config:
    SECRET_KEY = os.environ.get("SECRET_KEY", "dev-key-change-me")  # expect: FB111
    SQLALCHEMY_DATABASE_URI = os.environ.get("DATABASE_URL", "sqlite:///forum.db")
    SESSION_COOKIE_SECURE = True
    SESSION_COOKIE_SAMESITE = "Lax"


def create_app(config=Config):
    app = Flask(__name__)  # expect: FB204, FB602, FB700, FB701
    app.config.from_object(config)
    db.init_app(app)
    login_manager.init_app(app)
    csrf.init_app(app)
    from .admin import admin
    from .posts import posts

    app.register_blueprint(posts)
    app.register_blueprint(admin, url_prefix="/admin")
    return app
