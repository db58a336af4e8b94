from flask import Flask

def create_app():
    app = Flask(__name__)
    app.config["SESSION_COOKIE_SECURE"] = False  # expect: FB201
    return app
