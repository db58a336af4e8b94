import os

from flask import Flask, render_template
from flask_login import LoginManager
from flask_wtf.csrf import CSRFProtect

login_manager = LoginManager()
csrf = CSRFProtect()


class Config:
    SECRET_KEY = b'_5#y2L"F4Q8z\n\xec]/'  # expect: FB111
    SESSION_COOKIE_SECURE = True
    SESSION_COOKIE_SAMESITE = "Lax"
    WTF_CSRF_CHECK_DEFAULT = False  # expect: FB301
    UPLOAD_FOLDER = "/srv/wiki/uploads"


class DevConfig(Config):
    DEBUG = True  # expect: FB101


def create_app(config=DevConfig):
    app = Flask(__name__)  # expect: FB204, FB502, FB701
    app.config.from_object(config)
    login_manager.init_app(app)
    csrf.init_app(app)
    from .pages import pages

    app.register_blueprint(pages)

    @app.errorhandler(500)
    def server_error(err):
        return f"<pre>{err.original_exception!r}</pre>", 500  # expect: FB600

    return app
