"""Files (fixed): secure_filename plus an extension allow-list, send_from_directory, size limits."""

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
        UPLOAD_FOLDER="/srv/uploads",
        MAX_CONTENT_LENGTH=16 * 1024 * 1024,
        SESSION_COOKIE_SECURE=True,
        SESSION_COOKIE_SAMESITE="Lax",
        PERMANENT_SESSION_LIFETIME=timedelta(hours=8),
    )
    Talisman(app)
    csrf.init_app(app)
    from .views import files

    app.register_blueprint(files)

    @app.errorhandler(500)
    def server_error(e):
        return render_template("500.html"), 500

    return app
