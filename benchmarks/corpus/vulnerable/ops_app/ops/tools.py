import base64
import pickle
import subprocess
import urllib.request

import yaml
from flask import Blueprint, jsonify, make_response, request
from flask_login import login_required
from lxml import etree

from .shell import archive, lookup, ping

tools = Blueprint("tools", __name__, url_prefix="/tools")


@tools.route("/ping", methods=["POST"])  # expect: FB300
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
    return jsonify(rc=archive(request.json["folder"]))


@tools.route("/traceroute")
@login_required
def traceroute():
    target = request.args.get("target")
    out = subprocess.Popen(["sh", "-c", "traceroute " + target], stdout=subprocess.PIPE)  # expect: FB406
    return out.communicate()[0]


@tools.route("/calc")
def calc():
    expression = request.args.get("expr", "0")
    return jsonify(result=eval(expression))  # expect: FB407


@tools.route("/prefs")
def prefs():
    raw = request.cookies.get("prefs")
    settings = pickle.loads(base64.b64decode(raw)) if raw else {}  # expect: FB408
    return jsonify(settings)


@tools.route("/import", methods=["POST"])  # expect: FB300
@login_required
def import_config():
    config = yaml.load(request.data, Loader=yaml.Loader)  # expect: FB408
    return jsonify(keys=list(config))


@tools.route("/feed", methods=["POST"])  # expect: FB300
def feed():
    parser = etree.XMLParser(resolve_entities=True, no_network=False)
    doc = etree.fromstring(request.data, parser)  # expect: FB409
    return jsonify(title=doc.findtext("title"))


@tools.route("/fetch")
def fetch():
    url = request.args["url"]
    with urllib.request.urlopen(url) as resp:  # expect: FB412
        body = resp.read()
    response = make_response(body)
    response.headers["Content-Type"] = "text/plain"
    return response
