"""Notes (fixed): parameterised SQL, an ORDER BY allow-list, CSRF, a login limit, secure cookies."""

import os
from datetime import timedelta

from flask import Flask, render_template
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_talisman import Talisman
from flask_wtf.csrf import CSRFProtect

csrf = CSRFProtect()
limiter = Limiter(get_remote_address)


def create_app():
    app = Flask(__name__, instance_relative_config=True)
    app.config.from_mapping(
        SECRET_KEY=os.environ["SECRET_KEY"],
        DATABASE=os.path.join(app.instance_path, "notes.sqlite"),
        SESSION_COOKIE_SECURE=True,
        SESSION_COOKIE_SAMESITE="Lax",
        PERMANENT_SESSION_LIFETIME=timedelta(hours=8),
    )
    Talisman(app)
    csrf.init_app(app)
    limiter.init_app(app)
    from . import db, views

    db.init_app(app)
    app.register_blueprint(views.bp)

    @app.errorhandler(500)
    def server_error(e):
        return render_template("500.html"), 500

    return app
