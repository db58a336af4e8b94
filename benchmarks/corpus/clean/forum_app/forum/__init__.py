"""Forum (fixed): key from the environment only, ORM filters, owner checks, an admin guard."""

import os
from datetime import timedelta

from flask import Flask, render_template
from flask_login import LoginManager
from flask_sqlalchemy import SQLAlchemy
from flask_talisman import Talisman
from flask_wtf.csrf import CSRFProtect

db = SQLAlchemy()
login_manager = LoginManager()
csrf = CSRFProtect()


class Config:
    SECRET_KEY = os.environ["SECRET_KEY"]  # ok: FB111
    SQLALCHEMY_DATABASE_URI = os.environ.get("DATABASE_URL", "sqlite:///forum.db")
    SESSION_COOKIE_SECURE = True
    SESSION_COOKIE_SAMESITE = "Lax"
    PERMANENT_SESSION_LIFETIME = timedelta(hours=12)


def create_app(config=Config):
    app = Flask(__name__)
    app.config.from_object(config)
    Talisman(app)
    db.init_app(app)
    login_manager.init_app(app)
    csrf.init_app(app)
    from .admin import admin
    from .posts import posts

    app.register_blueprint(posts)
    app.register_blueprint(admin, url_prefix="/admin")

    @app.errorhandler(500)
    def server_error(e):
        return render_template("500.html"), 500

    return app
