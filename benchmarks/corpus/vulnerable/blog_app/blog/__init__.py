"""Blog: less canonical shapes (IN lists, pandas, thread pools, FlaskForm options, class login views)."""

import os

from flask import Flask
from flask_login import LoginManager
from flask_wtf.csrf import CSRFProtect

login_manager = LoginManager()
csrf = CSRFProtect()


def create_app():
    app = Flask(__name__)  # expect: FB201, FB204, FB502, FB602, FB700, FB701
    app.config["SECRET_KEY"] = "9f8a7d6e5c4b3a2f1e0d9c8b7a6f5e4d3c2b1a0f9e8d7c6b"  # expect: FB110
    app.config["SESSION_COOKIE_SAMESITE"] = None  # expect: FB202
    app.config["UPLOAD_FOLDER"] = os.environ.get("UPLOAD_FOLDER", "/srv/blog/uploads")
    login_manager.init_app(app)
    csrf.init_app(app)
    from .views import blog

    app.register_blueprint(blog)
    return app
