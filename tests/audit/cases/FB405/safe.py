from urllib.parse import urlparse

from flask import Flask, abort, redirect, request, url_for

app = Flask(__name__)
ALLOWED = {"/", "/account", "/help"}


def is_safe_url(target):
    return not urlparse(target).netloc


@app.route("/login")
def login():
    next_url = request.args.get("next", "")
    if not is_safe_url(next_url):
        abort(400)
    return redirect(next_url)  # ok


@app.route("/netloc")
def netloc():
    target = request.args.get("next", "/")
    if urlparse(target).netloc != "":
        target = url_for("index")
    return redirect(target)  # ok


@app.route("/allow")
def allow():
    target = request.args.get("next")
    if target in ALLOWED:
        return redirect(target)  # ok
    return redirect(url_for("index"))  # ok


@app.route("/endpoint")
def endpoint():
    return redirect(url_for("profile", name=request.args["name"]))  # ok


@app.route("/local")
def local():
    return redirect("/users/" + request.args["name"])  # ok


@app.route("/fixed-host")
def fixed_host():
    return redirect(f"https://docs.example.com/search?q={request.args['q']}")  # ok


@app.route("/self")
def same_page():
    return redirect(request.url)  # ok


@app.route("/starts")
def starts():
    target = request.args.get("next", "/")
    if not target.startswith("/") or target.startswith("//"):
        target = "/"
    return redirect(target)  # ok


@app.route("/same-site")
def same_site():
    url = request.args.get("url", "/")
    if url.startswith(request.host_url):
        return redirect(url)  # ok
    return redirect("/")  # ok
