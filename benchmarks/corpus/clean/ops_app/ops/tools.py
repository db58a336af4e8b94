import ast
import json
from urllib.parse import urlparse

import defusedxml.ElementTree as SafeET
import requests
import yaml
from flask import Blueprint, abort, jsonify, request
from flask_login import login_required

from .shell import archive, lookup, ping

tools = Blueprint("tools", __name__, url_prefix="/tools")
FEEDS = {"status.example.com", "news.example.com"}


@tools.route("/ping", methods=["POST"])
@login_required
def do_ping():
    return jsonify(status=ping(request.form["host"]))


@tools.route("/dns")
@login_required
def dns():
    return jsonify(answer=lookup(request.args["domain"]))


@tools.route("/backup", methods=["POST"])
@login_required
def backup():
    folder = request.json["folder"]
    if folder not in ("reports", "uploads"):
        abort(400)
    return jsonify(rc=archive(folder))


@tools.route("/calc")
def calc():
    expression = request.args.get("expr", "0")
    return jsonify(result=ast.literal_eval(expression))  # ok: FB407


@tools.route("/prefs")
def prefs():
    raw = request.cookies.get("prefs")
    settings = json.loads(raw) if raw else {}  # ok: FB408
    return jsonify(settings)


@tools.route("/import", methods=["POST"])
@login_required
def import_config():
    config = yaml.safe_load(request.data)  # ok: FB408
    return jsonify(keys=list(config))


@tools.route("/feed", methods=["POST"])
@login_required
def feed():
    doc = SafeET.fromstring(request.data)  # ok: FB409
    return jsonify(title=doc.findtext("title"))


@tools.route("/fetch")
@login_required
def fetch():
    url = request.args["url"]
    if urlparse(url).hostname not in FEEDS:
        abort(400)
    resp = requests.get(url, timeout=5, allow_redirects=False)  # ok: FB412
    return resp.text, 200, {"Content-Type": "text/plain"}
