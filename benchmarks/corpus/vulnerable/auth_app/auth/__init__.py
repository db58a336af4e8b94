"""Auth: Flask-Login + Flask-WTF login, password reset and remember-me, as in many tutorials."""

from flask import Flask
from flask_login import LoginManager
from flask_wtf.csrf import CSRFProtect
# known-fp: FB200 location of auth/config.py:6 in the wrong file
login_manager = LoginManager()  # known-fp: FB201 location of auth/config.py:7 in the wrong file
csrf = CSRFProtect()  # known-fp: FB301 location of auth/config.py:8 in the wrong file


def create_app():
    app = Flask(__name__)  # expect: FB202, FB204, FB602, FB700, FB701
    app.config.from_object("auth.config.Config")
    login_manager.init_app(app)
    csrf.init_app(app)
    from .views import bp

    app.register_blueprint(bp)
    return app
