import os
from datetime import timedelta

from flask import Flask, render_template
from flask_login import LoginManager
from flask_talisman import Talisman
from flask_wtf.csrf import CSRFProtect

login_manager = LoginManager()
csrf = CSRFProtect()


class Config:
    SECRET_KEY = os.environ.get("SECRET_KEY")  # ok: FB111
    SESSION_COOKIE_SECURE = True
    SESSION_COOKIE_SAMESITE = "Lax"
    PERMANENT_SESSION_LIFETIME = timedelta(hours=8)
    MAX_CONTENT_LENGTH = 10 * 1024 * 1024
    UPLOAD_FOLDER = "/srv/wiki/uploads"


class DevConfig(Config):
    DEBUG = os.environ.get("FLASK_DEBUG") == "1"  # ok: FB101


def create_app(config=Config):
    app = Flask(__name__)
    app.config.from_object(config)
    Talisman(app)
    login_manager.init_app(app)
    csrf.init_app(app)
    from .pages import pages

    app.register_blueprint(pages)

    @app.errorhandler(500)
    def server_error(err):
        app.logger.error("unhandled: %r", err.original_exception)
        return render_template("500.html"), 500  # ok: FB600

    return app
