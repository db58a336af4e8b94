import logging

from flask import Flask, current_app, request

app = Flask(__name__)
log = logging.getLogger(__name__)


@app.route("/login", methods=["POST"])
def login():
    user = request.form["username"]
    app.logger.warning("failed login for %s", user)  # expect: FB414
    return "no", 401


@app.route("/search")
def search():
    log.info("search: " + request.args.get("q", ""))  # expect: FB414
    return "ok"


@app.route("/agent")
def agent():
    current_app.logger.info(f"agent={request.headers.get('User-Agent')}")  # expect: FB414
    return "ok"


@app.route("/root")
def root_logger():
    logging.error("bad input %s", request.args["x"])  # expect: FB414
    return "ok"
