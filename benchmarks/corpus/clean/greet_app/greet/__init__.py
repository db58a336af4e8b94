"""Greet (fixed): templates from files, escaped values, generic error pages."""

import os
from datetime import timedelta

from flask import Flask, jsonify
from flask_talisman import Talisman
from flask_wtf.csrf import CSRFProtect

from .views import bp

csrf = CSRFProtect()


def create_app():
    app = Flask(__name__)
    app.secret_key = os.environ["SECRET_KEY"]
    app.config.update(
        SESSION_COOKIE_SECURE=True,
        SESSION_COOKIE_SAMESITE="Lax",
        PERMANENT_SESSION_LIFETIME=timedelta(days=1),
    )
    Talisman(app)
    csrf.init_app(app)
    app.register_blueprint(bp)

    @app.errorhandler(500)
    def server_error(e):
        app.logger.exception("unhandled error")
        return jsonify(error="internal server error"), 500  # ok: FB600

    return app
