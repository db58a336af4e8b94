import logging

from flask import Flask, request

app = Flask(__name__)
log = logging.getLogger(__name__)


@app.post("/login")
def login():
    email = request.form["email"]
    password = request.form["password"]
    log.info("login attempt for %s with password %s", email, password)  # expect: FB802
    app.logger.debug("payload: %s", request.get_json())  # expect: FB802
    logging.warning(f"issued token {issue_token(email)} api_key={settings.api_key}")  # expect: FB802
    return "ok"


@app.post("/token")
def token():
    body = request.get_json()
    app.logger.info("token request: %s", body)  # expect: FB802
    log.info("reset for %s", request.form.get("password"))  # expect: FB802
    return "ok"


@app.get("/api/me")
def me():
    log.debug("Auth header: %s", request.headers.get("Authorization"))  # expect: FB802
    log.debug("key %s", request.headers["X-Api-Key"])  # expect: FB802
    log.info("cookies sent: %s", request.headers.get("Cookie"))  # expect: FB802
    log.info("basic auth for %s", request.authorization)  # expect: FB802
    return "ok"
