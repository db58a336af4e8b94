from urllib.parse import urljoin, urlsplit

from flask import Flask, Response, make_response, redirect, request, url_for

app = Flask(__name__)


@app.route("/join")
def join():
    return redirect(urljoin(request.host_url, request.args["next"]))  # expect: FB405


@app.route("/header")
def header():
    resp = make_response("", 302)
    resp.headers["Location"] = request.args["to"]  # expect: FB405
    return resp


@app.route("/response")
def response():
    return Response(status=302, headers={"Location": request.args["to"]})  # expect: FB405


@app.route("/scheme-only")
def scheme_only():
    url = request.args.get("url", "/")
    if url.startswith("http"):
        return redirect(url)  # expect: FB405
    return redirect("/")  # ok


@app.route("/login-next")
def login_next():
    next_page = request.args.get("next")
    if not next_page or urlsplit(next_page).netloc != "":
        next_page = url_for("index")
    return redirect(next_page)  # ok


@app.route("/host-check")
def host_check():
    url = request.args["url"]
    host = urlsplit(url).hostname
    if host not in ("example.com", "www.example.com"):
        return redirect("/")  # ok
    return redirect(url)  # ok


@app.route("/back")
def back():
    # the Referer is whatever page linked here: an attacker's page names itself
    return redirect(request.referrer or url_for("index"))  # expect: FB405


@app.route("/tuple")
def tuple_location():
    return "", 302, {"Location": request.args["u"]}  # expect: FB405
