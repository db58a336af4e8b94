"""The demo: a Flask app guarded by Bastion, served on 127.0.0.1.

Replaced by the reference app (examples/vault) and the audit of both
example apps once they land.
"""

from __future__ import annotations

import os

from flask import Flask, render_template_string

from flask_bastion import Bastion

PAGE = """<!doctype html><title>Bastion demo</title>
<h1>Guarded by Flask-Bastion</h1>
<form method="post">
<input type="hidden" name="csrf_token" value="{{ csrf_token() if csrf_token is defined }}">
<button>POST</button></form>"""


def create_app() -> Flask:
    app = Flask(__name__)
    app.config["BASTION_PROFILE"] = "development"
    Bastion(app)

    @app.route("/", methods=["GET", "POST"])
    def index() -> str:
        return render_template_string(PAGE)

    return app


if __name__ == "__main__":
    port = int(os.environ.get("PORT", "5000"))
    print(f"Serving the demo on http://127.0.0.1:{port}/ (Ctrl-C to stop)")
    create_app().run(host="127.0.0.1", port=port)
