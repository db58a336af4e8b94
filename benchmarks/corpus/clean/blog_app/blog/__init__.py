"""Blog (fixed): the safe forms real code uses, which are less canonical than a tutorial's."""

import os
from datetime import timedelta

from flask import Flask, render_template
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_talisman import Talisman
from flask_wtf.csrf import CSRFProtect

login_manager = LoginManager()
csrf = CSRFProtect()
limiter = Limiter(get_remote_address)


def create_app():
    app = Flask(__name__)
    app.config["SECRET_KEY"] = os.environ["SECRET_KEY"]  # ok: FB110
    app.config.update(
        SESSION_COOKIE_SECURE=True,
        SESSION_COOKIE_SAMESITE="Lax",  # ok: FB202
        PERMANENT_SESSION_LIFETIME=timedelta(hours=8),
        MAX_CONTENT_LENGTH=8 * 1024 * 1024,
        UPLOAD_FOLDER=os.environ.get("UPLOAD_FOLDER", "/srv/blog/uploads"),
    )
    Talisman(app)
    login_manager.init_app(app)
    csrf.init_app(app)
    limiter.init_app(app)
    from .views import blog

    app.register_blueprint(blog)

    @app.errorhandler(500)
    def server_error(e):
        return render_template("500.html"), 500

    return app
