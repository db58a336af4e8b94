import base64
import marshal
import pickle

import jsonpickle
import yaml
from flask import Flask, request

app = Flask(__name__)


@app.route("/state")
def state():
    raw = request.cookies.get("state")
    obj = pickle.loads(base64.b64decode(raw))  # expect: FB408
    return str(obj)


@app.route("/upload", methods=["POST"])
def upload():
    f = request.files["model"]
    model = pickle.load(f)  # expect: FB408
    return str(model)


@app.route("/config", methods=["POST"])
def config():
    cfg = yaml.load(request.data, Loader=yaml.Loader)  # expect: FB408
    return str(cfg)


@app.route("/config2", methods=["POST"])
def config2():
    return str(yaml.load(request.get_data()))  # expect: FB408


@app.route("/jp")
def jp():
    return str(jsonpickle.decode(request.args["obj"]))  # expect: FB408


@app.route("/m")
def m():
    return str(marshal.loads(bytes.fromhex(request.args["code"])))  # expect: FB408


@app.route("/unsafe")
def unsafe():
    return str(yaml.unsafe_load(request.form["doc"]))  # expect: FB408
