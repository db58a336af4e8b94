import json
import pickle

import yaml
from flask import Flask, request

app = Flask(__name__)


@app.route("/state")
def state():
    return json.loads(request.cookies.get("state", "{}"))  # ok


@app.route("/config", methods=["POST"])
def config():
    return str(yaml.safe_load(request.data))  # ok


@app.route("/config2", methods=["POST"])
def config2():
    return str(yaml.load(request.data, Loader=yaml.SafeLoader))  # ok


@app.route("/cache")
def cache():
    with open("/srv/cache.pkl", "rb") as fh:
        return str(pickle.load(fh))  # ok
