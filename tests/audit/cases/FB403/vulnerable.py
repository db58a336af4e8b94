from flask import Blueprint, Flask, Response, make_response, render_template, request
from markupsafe import Markup

from site.render import card

app = Flask(__name__)
bp = Blueprint("pages", __name__)


@app.route("/search")
def search():
    q = request.args.get("q", "")
    return f"<p>No results for {q}</p>"  # expect: FB403


@app.route("/hello/<name>")
def hello(name):
    return "<h1>Hello " + name + "</h1>"  # expect: FB403


@app.route("/raw")
def raw():
    return request.args["msg"]  # expect: FB403


@app.route("/resp")
def resp():
    body = "<b>%s</b>" % request.form["text"]
    return make_response(body)  # expect: FB403


@app.route("/response")
def response():
    return Response("<p>" + request.cookies.get("last", "") + "</p>", mimetype="text/html")  # expect: FB403


@app.route("/markup")
def markup():
    note = Markup(request.args.get("note"))  # expect: FB403
    return render_template("profile.html", title="x", bio="", motto=note)


@app.route("/profile")
def profile():
    user_bio = request.form.get("bio")
    return render_template("profile.html", title="Profile", bio=user_bio, motto="hi")  # expect: FB403


@app.route("/legacy")
def legacy():
    return render_template("legacy.html", message=request.args["m"], footer="ok")  # expect: FB403


@app.route("/inherit")
def inherit():
    return render_template("page.html", heading=request.args["h"], text="x")  # expect: FB403


@bp.route("/card")
def show_card():
    html = card(request.args["t"], "static body")
    return html  # expect: FB403


@app.route("/tuple")
def as_tuple():
    return "<p>" + request.args["x"] + "</p>", 200  # expect: FB403


@app.route("/context")
def context():
    ctx = {"title": "Profile", "bio": request.form.get("bio"), "motto": "hi"}
    return render_template("profile.html", **ctx)  # expect: FB403


@app.route("/context-safe")
def context_safe():
    ctx = {"title": request.args.get("t"), "bio": "<b>fixed</b>", "motto": request.args.get("m")}
    return render_template("profile.html", **ctx)
