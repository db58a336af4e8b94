from urllib.parse import urlparse

import requests
from flask import Flask, abort, request

app = Flask(__name__)


@app.route("/scheme")
def scheme():
    url = request.args.get("url", "")
    if not url.startswith("http"):
        abort(400)
    return requests.get(url, timeout=5).content  # expect: FB412


@app.route("/port")
def port():
    return requests.get(f"http://{request.args['host']}:8080/api", timeout=5).text  # expect: FB412


@app.route("/allowed")
def allowed():
    url = request.args.get("url", "")
    host = urlparse(url).hostname
    if host not in ("example.com", "api.example.com"):
        abort(403)
    return requests.get(url, timeout=5).content  # ok


@app.route("/parts")
def parts_checked():
    url = request.args["url"]
    parts = urlparse(url)
    if parts.scheme != "https" or parts.hostname not in ("images.example.org",):
        abort(400)
    return requests.get(url, timeout=5).content  # ok
