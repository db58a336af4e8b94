"""A guarded login app served on a free loopback port, for the multi-process tests.

Usage: python login_server.py STORAGE_URL SCOPE LIMIT — prints the port, then serves.
"""

from __future__ import annotations

import sys

from flask import Flask, request
from werkzeug.serving import make_server

from flask_bastion import Bastion
from flask_bastion.mitigations.ratelimit import login_rate_limit


def create_app(storage_url: str, scope: str, limit: str) -> Flask:
    app = Flask(__name__)
    app.config.update(
        BASTION_PROFILE="testing",
        BASTION_RATELIMIT_STORAGE_URL=storage_url,
        BASTION_RATELIMIT_LOGIN=limit,
    )
    Bastion(app)

    @app.post("/login")
    @login_rate_limit(scope=scope)
    def login() -> tuple[str, int]:
        if request.form.get("password") == "right":
            return "welcome", 200
        return "wrong password", 401

    return app


if __name__ == "__main__":
    server = make_server("127.0.0.1", 0, create_app(*sys.argv[1:4]))
    print(server.server_port, flush=True)
    server.serve_forever()
