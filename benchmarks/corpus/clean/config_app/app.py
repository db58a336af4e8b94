"""Config (fixed): the key and debug come from the environment, a production server runs the app."""

import os
from datetime import timedelta

from flask import Flask, render_template, request
from flask_talisman import Talisman
from flask_wtf.csrf import CSRFProtect

app = Flask(__name__)
app.config["SECRET_KEY"] = os.environ["SECRET_KEY"]  # ok: FB110, FB111
app.config["DEBUG"] = os.environ.get("FLASK_DEBUG") == "1"  # ok: FB101
app.config.update(
    SESSION_COOKIE_SECURE=True,
    SESSION_COOKIE_SAMESITE="Lax",
    PERMANENT_SESSION_LIFETIME=timedelta(hours=4),
)
Talisman(app)
CSRFProtect(app)


@app.errorhandler(500)
def server_error(e):
    return render_template("500.html"), 500


@app.route("/")
def index():
    return render_template("index.html")


@app.route("/contact", methods=["POST"])
def contact():
    app.logger.info("contact form received")
    return render_template("index.html", sent=True)


if __name__ == "__main__":
    app.run(host="127.0.0.1", port=5000)  # ok: FB100, FB901
