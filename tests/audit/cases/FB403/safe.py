import html

from flask import Flask, jsonify, make_response, render_template, request
from markupsafe import Markup, escape

from site.render import card, plain

app = Flask(__name__)


@app.route("/search")
def search():
    q = request.args.get("q", "")
    return f"<p>No results for {escape(q)}</p>"  # ok


@app.route("/hello/<name>")
def hello(name):
    return "<h1>Hello " + html.escape(name) + "</h1>"  # ok


@app.route("/api")
def api():
    return jsonify(query=request.args.get("q"))  # ok


@app.route("/dict")
def as_dict():
    return {"q": request.args.get("q")}  # ok


@app.route("/count/<int:n>")
def count(n):
    return f"<p>{n} items</p>"  # ok


@app.route("/profile")
def profile():
    return render_template("profile.html", title=request.args["t"], bio="<b>fixed</b>", motto=request.args["m"])  # ok


@app.route("/legacy")
def legacy():
    return render_template("legacy.html", message="static", footer=request.args["f"])  # ok


@app.route("/markup")
def markup():
    safe = Markup("<b>{}</b>").format(request.args.get("x"))
    return render_template("profile.html", title="t", bio=safe, motto="")  # ok


@app.route("/text")
def text():
    resp = make_response(request.args.get("x"), 200)
    return resp, 200, {"Content-Type": "text/plain"}  # ok


@app.route("/plain")
def plaintext():
    return request.args["x"], 200, {"Content-Type": "text/plain; charset=utf-8"}  # ok


@app.route("/card")
def show_card():
    return card(escape(request.args["t"]), "body")  # ok


@app.route("/plainhelper")
def plain_helper():
    return plain(request.args["t"])  # ok


@app.route("/choice")
def choice():
    colour = request.args.get("c")
    if colour not in ("red", "blue"):
        colour = "red"
    return f"<p style='color:{colour}'>hi</p>"  # ok
