import ast
import json

from flask import Flask, request

app = Flask(__name__)
OPS = {"add": lambda a, b: a + b}


@app.route("/calc")
def calc():
    return str(ast.literal_eval(request.args.get("expr")))  # ok


@app.route("/json")
def from_json():
    return json.loads(request.args["data"])  # ok


@app.route("/op/<op>")
def op(op):
    if op not in OPS:
        return "no", 400
    return str(eval(f"OPS['{op}'](1, 2)"))  # ok


@app.route("/num")
def num():
    n = int(request.args["n"])
    return str(eval(f"{n} * 2"))  # ok


@app.route("/const")
def const():
    return str(eval("1 + 1"))  # ok
