from urllib.parse import urlparse

import requests
from flask import Flask, abort, request

from clients.fetch import fetch_item

app = Flask(__name__)
ALLOWED_HOSTS = {"images.example.com"}


@app.route("/item/<item_id>")
def item(item_id):
    return fetch_item(item_id)  # ok


@app.route("/search")
def search():
    q = request.args["q"]
    return requests.get("https://api.example.com/search", params={"q": q}, timeout=5).text  # ok


@app.route("/path")
def path():
    return requests.get(f"https://api.example.com/users/{request.args['u']}", timeout=5).text  # ok


@app.route("/checked")
def checked():
    url = request.args["url"]
    if urlparse(url).hostname not in ALLOWED_HOSTS:
        abort(400)
    return requests.get(url, timeout=5).content  # ok


@app.route("/config")
def config():
    lang = request.args.get("lang")
    return request.args.get("x", "")[:0] + requests.get("https://cdn.example.com/a.json").text  # ok
