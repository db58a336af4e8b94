import tomllib
import traceback

import markdown
from flask import Flask, render_template
from flask_login import LoginManager
from flask_session import Session
from markupsafe import Markup

login_manager = LoginManager()


def create_app():
    app = Flask(__name__)  # expect: FB202, FB502, FB700, FB701; ok: FB201
    app.config.from_file("config.toml", load=tomllib.load, text=False)
    app.config["SESSION_TYPE"] = "redis"
    app.config["PERMANENT_SESSION_LIFETIME"] = 60 * 60 * 24 * 90  # expect: FB204
    Session(app)
    login_manager.init_app(app)
    from .views import crm

    app.register_blueprint(crm)

    @app.template_filter("md")
    def md(text):
        return Markup(markdown.markdown(text))  # expect: FB452

    @app.errorhandler(Exception)
    def on_error(e):
        return render_template("error.html", error=e, tb=traceback.format_exc()), 500  # expect: FB600

    return app
