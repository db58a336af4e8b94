from flask import Flask, render_template, render_template_string, request
from jinja2 import Environment

app = Flask(__name__)
TEMPLATE = "<h1>Hello {{ name }}!</h1>"
PREVIEW = False


@app.route("/hello")
def hello():
    return render_template_string(TEMPLATE, name=request.args.get("name"))  # ok


@app.route("/hello2")
def hello2():
    return render_template_string("<p>{{ q }}</p>", q=request.args["q"])  # ok


@app.route("/page/<int:number>")
def page(number):
    return render_template_string("<p>Page " + str(number) + "</p>")  # ok


@app.route("/preview")
def preview():
    source = "<p>{{ body }}</p>"
    if PREVIEW:
        source = request.args["body"]
    return Environment().from_string(source).render(body=request.args["body"])  # ok


@app.route("/file")
def from_file():
    return render_template("hello.html", name=request.args["name"])  # ok


@app.route("/choice")
def choice():
    layout = request.args.get("layout")
    templates = {"a": "<p>A {{ x }}</p>", "b": "<p>B {{ x }}</p>"}
    if layout not in templates:
        layout = "a"
    return render_template_string(templates[layout], x=request.args.get("x"))  # ok
