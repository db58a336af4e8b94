import os
import requests
from flask import Flask, request, redirect
app = Flask(__name__)
API_BASE = os.environ.get("API_BASE", "")

@app.route("/a")
def a():
    return requests.get(f"{API_BASE}/users/{request.args['u']}").text  # ok

@app.route("/b")
def b():
    return requests.get(API_BASE + "/users/" + request.args["u"]).text  # ok

@app.route("/c")
def c():
    return requests.get(f"{API_BASE}{request.args['u']}").text  # expect: FB412

@app.route("/d")
def d():
    return requests.get(request.args["scheme"] + "://" + request.args["host"]).text  # expect: FB412

@app.route("/e")
def e():
    from flask import url_for
    return redirect(f"{url_for('index')}?tab={request.args['tab']}")
