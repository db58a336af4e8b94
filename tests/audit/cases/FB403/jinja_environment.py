from flask import Flask, request
from jinja2 import Environment, FileSystemLoader, Template, select_autoescape

app = Flask(__name__)

@app.route("/render")
def render_response_from_env():
    name = request.args.get("name", "")
    env = Environment(loader=FileSystemLoader("."))
    template = env.get_template("template.html")
    return template.render(name=name)  # expect: FB403

@app.route("/render2")
def render2():
    env = Environment(loader=FileSystemLoader("."), autoescape=select_autoescape())
    return env.get_template("t.html").render(name=request.args["n"])  # ok

@app.route("/render3")
def render3():
    return Template("<p>{{ n }}</p>").render(n=request.args["n"])  # expect: FB403
