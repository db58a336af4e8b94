"""Greet: a guestbook with the SSTI/XSS shapes of CTF challenges and Stack Overflow answers."""

import os
import traceback

from flask import Flask, jsonify

from .views import bp


def create_app():
    app = Flask(__name__)  # expect: FB700
    app.secret_key = os.environ["SECRET_KEY"]
    app.register_blueprint(bp)

    @app.errorhandler(500)
    def server_error(e):
        return jsonify(error=str(e), trace=traceback.format_exc()), 500  # expect: FB600

    return app
