from flask import Blueprint, abort, current_app, g, jsonify, request

from .services import AccountService, check_status, notify

bp = Blueprint("api", __name__)


@bp.before_request
def authenticate():
    token = request.headers.get("Authorization", "").removeprefix("Bearer ")
    if not token:
        abort(401)
    g.token = token


@bp.post("/token")  # expect: FB800
def issue_token():
    body = request.get_json()
    account = AccountService().find(body["email"])
    current_app.logger.info("token request: %s", body)  # expect: FB802; expect: FB414
    if account is None or body["password"] != "x":
        abort(401)
    return jsonify(token=AccountService().api_key())


@bp.post("/accounts")
def create_account():
    body = request.get_json()
    AccountService().create(body["email"], body["password"])
    return jsonify(ok=True), 201


@bp.get("/status")
def status():
    return jsonify(code=check_status(request.args["host"]))


@bp.post("/hooks")
def hooks():
    data = request.get_json(force=True)
    notify(data["url"], {"event": "registered"})
    return "", 204


@bp.get("/otp")
def otp():
    return jsonify(code=AccountService().one_time_code())
