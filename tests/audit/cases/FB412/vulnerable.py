import urllib.request

import httpx
import requests
from flask import Flask, request

from clients.fetch import fetch

app = Flask(__name__)
session = requests.Session()


@app.route("/proxy")
def proxy():
    url = request.args.get("url")
    r = requests.get(url, timeout=5)  # expect: FB412
    return r.text


@app.route("/preview", methods=["POST"])
def preview():
    data = request.get_json()
    return urllib.request.urlopen(data["link"]).read()  # expect: FB412


@app.route("/avatar")
def avatar():
    return fetch(request.args["src"])


@app.route("/webhook", methods=["POST"])
def webhook():
    target = request.form["callback"]
    session.post(target, json={"ok": True})  # expect: FB412
    return "sent"


@app.route("/host/<host>")
def by_host(host):
    return httpx.get("http://" + host + "/status").text  # expect: FB412


@app.route("/client")
def client():
    with httpx.Client() as client:
        return client.get(request.args["u"]).text  # expect: FB412
