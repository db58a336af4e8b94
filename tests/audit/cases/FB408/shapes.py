import numpy
from flask import Flask, request

app = Flask(__name__)


@app.route("/array", methods=["POST"])
def array():
    return str(numpy.load(request.files["a"], allow_pickle=True).shape)  # expect: FB408


@app.route("/array-safe", methods=["POST"])
def array_safe():
    return str(numpy.load(request.files["a"]).shape)  # ok
