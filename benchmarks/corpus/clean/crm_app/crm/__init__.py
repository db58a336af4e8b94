import tomllib
import os
from datetime import timedelta

import bleach
import markdown
from flask import Flask, render_template
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_session import Session
from flask_talisman import Talisman
from flask_wtf.csrf import CSRFProtect
from markupsafe import Markup

login_manager = LoginManager()
limiter = Limiter(get_remote_address)
csrf = CSRFProtect()
ALLOWED_TAGS = ["p", "em", "strong", "ul", "ol", "li", "a", "code", "pre"]


def create_app():
    app = Flask(__name__)
    app.config.from_file("config.toml", load=tomllib.load, text=False)
    app.config["SECRET_KEY"] = os.environ["SECRET_KEY"]
    app.config["SESSION_TYPE"] = "redis"
    app.config["SESSION_COOKIE_SAMESITE"] = "Lax"
    app.config["MAX_CONTENT_LENGTH"] = 4 * 1024 * 1024
    app.config["PERMANENT_SESSION_LIFETIME"] = timedelta(hours=8)  # ok: FB204
    Session(app)
    Talisman(app)
    csrf.init_app(app)
    limiter.init_app(app)
    login_manager.init_app(app)
    from .views import crm

    app.register_blueprint(crm)

    @app.template_filter("md")
    def md(text):
        return Markup(bleach.clean(markdown.markdown(text), tags=ALLOWED_TAGS))  # ok: FB452

    @app.errorhandler(Exception)
    def on_error(e):
        app.logger.exception("unhandled")
        return render_template("error.html"), 500  # ok: FB600

    return app
