import hmac
import secrets

from flask import Blueprint, abort, current_app, request
from flask_login import current_user
from flask_wtf.csrf import CSRFProtect

csrf = CSRFProtect()
hooks = Blueprint("hooks", __name__)


@hooks.route("/hooks/build", methods=["POST"])
@csrf.exempt
def build_hook():
    expected = current_app.config["BUILD_HOOK_TOKEN"]
    if not secrets.compare_digest(request.headers.get("X-Hook-Token", ""), expected):
        abort(403)
    return "", 202


@hooks.route("/hooks/github", methods=["POST"])
@csrf.exempt
def github_hook():
    key = current_app.config["GITHUB_SECRET"].encode()
    sent = request.headers.get("X-Hub-Signature-256", "")
    digest = "sha256=" + hmac.new(key, request.get_data(), "sha256").hexdigest()
    if not hmac.compare_digest(sent, digest):
        abort(403)
    return "", 204


@hooks.route("/hooks/profile", methods=["POST"])
@csrf.exempt  # expect: FB302
def profile_hook():
    if not secrets.compare_digest(request.headers.get("X-Hook-Token", ""), "x"):
        abort(403)
    current_user.bio = request.form["bio"]
    return "", 204
