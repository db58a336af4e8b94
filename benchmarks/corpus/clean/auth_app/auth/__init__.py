"""Auth (fixed): Werkzeug password hashes, secrets tokens, safe redirects, limits, flags on cookies."""

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
    app.config.from_object("auth.config.Config")
    Talisman(app)
    login_manager.init_app(app)
    csrf.init_app(app)
    limiter.init_app(app)
    from .views import bp

    app.register_blueprint(bp)

    @app.errorhandler(500)
    def server_error(e):
        return render_template("500.html"), 500

    return app
