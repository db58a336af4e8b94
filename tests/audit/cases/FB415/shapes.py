import sqlite3

from flask import Flask, redirect, request, session, url_for

app = Flask(__name__)


@app.route("/remember")
def remember():
    session["next"] = request.url  # ok
    return redirect(url_for("login"))


@app.route("/setname")
def setname():
    session["username"] = request.args["name"]  # expect: FB415
    return "ok"


@app.route("/comments", methods=["POST"])
def comments():
    kept = session.get("comments", [])
    kept.append(request.form["comment"])
    session["comments"] = kept  # ok
    session["theme"] = request.form.get("theme", "light")  # ok
    return "ok"
