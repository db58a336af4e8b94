from urllib.parse import urlsplit

import requests
from flask import Blueprint, abort, redirect, request, send_from_directory, url_for

bp = Blueprint("checks", __name__)
DOCS = "/srv/docs"


@bp.route("/docs")
def docs():
    return send_from_directory(DOCS, request.args["name"])  # ok: FB551


@bp.route("/avatar-proxy")
def avatar_proxy():
    url = request.args["url"]
    if not url.startswith("https://avatars.example.com/"):
        abort(400)
    return requests.get(url, timeout=5).content  # ok: FB412


@bp.route("/after-login")
def after_login():
    target = request.args.get("next", "")
    if target.startswith("/") and not target.startswith("//") and "\\" not in target and not urlsplit(target).netloc:
        return redirect(target)  # ok: FB405
    return redirect(url_for("checks.home"))


@bp.route("/")
def home():
    return "home"
