"""Ops console: the 'network tools' admin page of many CTF challenges and CVE write-ups."""

import os

from flask import Flask

from .tools import tools


def create_app():
    app = Flask(__name__)  # expect: FB201, FB202, FB204, FB701
    app.secret_key = os.environ["SECRET_KEY"]
    app.register_blueprint(tools)
    return app
