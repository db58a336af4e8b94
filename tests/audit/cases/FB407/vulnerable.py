import importlib

from flask import Flask, request

app = Flask(__name__)


@app.route("/calc")
def calc():
    expr = request.args.get("expr")
    return str(eval(expr))  # expect: FB407


@app.route("/run", methods=["POST"])
def run():
    exec(request.form["code"])  # expect: FB407
    return "done"


@app.route("/plugin/<name>")
def plugin(name):
    module = importlib.import_module("plugins." + name)  # expect: FB407
    return module.render()


@app.route("/compile")
def comp():
    code = compile(request.get_data(as_text=True), "<req>", "exec")  # expect: FB407
    return str(code)


@app.route("/import")
def imp():
    mod = __import__(request.args["m"])  # expect: FB407
    return str(mod)


class Calculator:
    def __init__(self, formula):
        self.formula = formula

    def result(self):
        return eval(self.formula)  # expect: FB407


@app.route("/calc2")
def calc2():
    return str(Calculator(request.args["f"]).result())
