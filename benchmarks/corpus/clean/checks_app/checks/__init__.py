"""Checks (fixed): the same validations written so they hold."""

import os
from datetime import timedelta

from flask import Flask, render_template
from flask_talisman import Talisman
from flask_wtf.csrf import CSRFProtect

csrf = CSRFProtect()


def create_app():
    app = Flask(__name__)
    app.config.update(
        SECRET_KEY=os.environ["SECRET_KEY"],
        SESSION_COOKIE_SECURE=True,
        SESSION_COOKIE_SAMESITE="Lax",
        PERMANENT_SESSION_LIFETIME=timedelta(hours=8),
    )
    Talisman(app)
    csrf.init_app(app)
    from .views import bp

    app.register_blueprint(bp)

    @app.errorhandler(500)
    def server_error(e):
        return render_template("500.html"), 500

    return app
