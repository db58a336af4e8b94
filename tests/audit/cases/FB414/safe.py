import logging

from flask import Flask, request

app = Flask(__name__)
log = logging.getLogger(__name__)


@app.route("/login", methods=["POST"])
def login():
    app.logger.warning("failed login for %r", request.form["username"])  # ok
    return "no", 401


@app.route("/strip")
def strip():
    q = request.args.get("q", "").replace("\n", " ").replace("\r", " ")
    log.info("search: %s", q)  # ok
    return "ok"


@app.route("/count/<int:n>")
def count(n):
    log.info("count %d", n)  # ok
    return "ok"


@app.route("/static")
def static_message():
    log.info("static page served")  # ok
    return "ok"
