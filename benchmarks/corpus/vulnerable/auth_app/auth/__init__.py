"""Auth: Flask-Login + Flask-WTF login, password reset and remember-me, as in many tutorials."""

from flask import Flask
from flask_login import LoginManager
from flask_wtf.csrf import CSRFProtect

login_manager = LoginManager()
csrf = CSRFProtect()


def create_app():
    app = Flask(__name__)  # expect: FB202, FB204, FB602, FB700, FB701
    app.config.from_object("auth.config.Config")
    login_manager.init_app(app)
    csrf.init_app(app)
    from .views import bp

    app.register_blueprint(bp)
    return app
