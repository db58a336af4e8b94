import os

import requests
from flask import Blueprint, abort, redirect, request, send_file, url_for

bp = Blueprint("checks", __name__)
DOCS = "/srv/docs"


@bp.route("/docs")
def docs():
    name = request.args["name"]
    if ".." in name:
        abort(400)
    return send_file(os.path.join(DOCS, name))  # expect: FB551


@bp.route("/avatar-proxy")
def avatar_proxy():
    url = request.args["url"]
    if not url.startswith("https://avatars.example.com"):
        abort(400)
    return requests.get(url, timeout=5).content  # expect: FB412


@bp.route("/after-login")
def after_login():
    target = request.args.get("next", "")
    if target.startswith("/"):
        return redirect(target)  # expect: FB405
    return redirect(url_for("checks.home"))


@bp.route("/")
def home():
    return "home"
