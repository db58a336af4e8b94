"""Ops console (fixed): argument lists without a shell, ast.literal_eval, JSON cookies, defused XML."""

import os
from datetime import timedelta

from flask import Flask, jsonify
from flask_talisman import Talisman
from flask_wtf.csrf import CSRFProtect

from .tools import tools

csrf = CSRFProtect()


def create_app():
    app = Flask(__name__)
    app.secret_key = os.environ["SECRET_KEY"]
    app.config.update(
        SESSION_COOKIE_SECURE=True,
        SESSION_COOKIE_SAMESITE="Strict",
        PERMANENT_SESSION_LIFETIME=timedelta(hours=1),
    )
    Talisman(app)
    csrf.init_app(app)
    app.register_blueprint(tools)

    @app.errorhandler(500)
    def server_error(e):
        return jsonify(error="internal error"), 500

    return app
