from flask import Flask
from flask_login import LoginManager

login_manager = LoginManager()


def create_app():
    app = Flask(__name__)
    app.config.from_object("auth.config.ProductionConfig")
    login_manager.init_app(app)
    return app
