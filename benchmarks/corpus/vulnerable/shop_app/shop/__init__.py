"""Shop: Flask-SQLAlchemy + Flask-Login app factory, class-based API views, psycopg reports."""

import os

from flask import Flask
from flask_login import LoginManager
from flask_sqlalchemy import SQLAlchemy

db = SQLAlchemy()
login_manager = LoginManager()


def create_app():
    app = Flask(__name__)  # expect: FB201, FB202, FB204, FB602, FB700, FB701
    app.config["SECRET_KEY"] = os.environ.get("SECRET_KEY")
    app.config["SQLALCHEMY_DATABASE_URI"] = os.environ["DATABASE_URL"]
    db.init_app(app)
    login_manager.init_app(app)
    from .api import api
    from .views import shop

    app.register_blueprint(shop)
    app.register_blueprint(api, url_prefix="/api")
    return app
