"""API: a token-auth JSON API (app factory, before_request auth, service layer in another module)."""

import os

from flask import Flask

from .routes import bp


def create_app():
    app = Flask(__name__)
    app.config.update(SECRET_KEY=os.environ["SECRET_KEY"], JSON_SORT_KEYS=False)
    app.register_blueprint(bp, url_prefix="/api/v1")

    @app.errorhandler(Exception)
    def handle_any(exc):
        return {"error": type(exc).__name__, "detail": repr(exc)}, 500  # expect: FB600

    return app
