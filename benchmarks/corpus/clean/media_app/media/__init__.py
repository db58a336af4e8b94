"""Media (fixed): safe_join, argument lists, checked archive members, JSON state."""

import os

from flask import Flask, jsonify
from flask_talisman import Talisman
from flask_wtf.csrf import CSRFProtect

from .views import media

csrf = CSRFProtect()


def create_app():
    app = Flask(__name__)
    app.config["SECRET_KEY"] = os.environ["SECRET_KEY"]
    app.config["MEDIA_ROOT"] = "/srv/media"
    app.config["MAX_CONTENT_LENGTH"] = 64 * 1024 * 1024
    Talisman(app)
    csrf.init_app(app)
    app.register_blueprint(media)

    @app.errorhandler(500)
    def server_error(e):
        return jsonify(error="internal server error"), 500

    return app
