import logging

from flask import Flask, request

app = Flask(__name__)
log = logging.getLogger(__name__)


@app.post("/login")
def login():
    user_id = authenticate(request.form["email"], request.form["password"])
    log.info("password reset requested for user %s", user_id)
    log.info("login ok for user %s", user_id)
    app.logger.warning("token expired for user %s", user_id)
    return "ok"


@app.post("/contact")
def contact():
    app.logger.info("contact form from %s", request.form["email"])
    return "ok"
