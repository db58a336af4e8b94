"""Shop (fixed): bound parameters, ownership checks, an SSRF allow-list, hardened configuration."""

import os
from datetime import timedelta

from flask import Flask, jsonify
from flask_login import LoginManager
from flask_sqlalchemy import SQLAlchemy
from flask_talisman import Talisman
from flask_wtf.csrf import CSRFProtect

db = SQLAlchemy()
login_manager = LoginManager()
csrf = CSRFProtect()


def create_app():
    app = Flask(__name__)
    app.config["SECRET_KEY"] = os.environ["SECRET_KEY"]
    app.config["SQLALCHEMY_DATABASE_URI"] = os.environ["DATABASE_URL"]
    app.config["SESSION_COOKIE_SECURE"] = True
    app.config["SESSION_COOKIE_SAMESITE"] = "Lax"
    app.config["PERMANENT_SESSION_LIFETIME"] = timedelta(hours=12)
    Talisman(app, force_https=True)
    db.init_app(app)
    login_manager.init_app(app)
    csrf.init_app(app)
    from .api import api
    from .views import shop

    app.register_blueprint(shop)
    app.register_blueprint(api, url_prefix="/api")

    @app.errorhandler(500)
    def server_error(e):
        return jsonify(error="internal error"), 500

    return app
