import os

from flask import Flask, request, send_from_directory
from werkzeug.utils import secure_filename

from files.storage import read_clean

app = Flask(__name__)
BASE = "/srv/reports"
REPORTS = {"q1.pdf", "q2.pdf"}


@app.route("/view")
def view():
    filename = secure_filename(request.args.get("file", ""))
    return open(os.path.join(BASE, filename)).read()  # ok


@app.route("/realpath")
def realpath():
    path = os.path.realpath(os.path.join(BASE, request.args["f"]))
    if not path.startswith(BASE + os.sep):
        return "forbidden", 403
    with open(path) as fh:  # ok
        return fh.read()


@app.route("/allow")
def allow():
    name = request.args.get("report")
    if name not in REPORTS:
        return "not found", 404
    return open(os.path.join(BASE, name)).read()  # ok


@app.route("/download/<path:name>")
def download(name):
    return send_from_directory(BASE, name)  # ok


@app.route("/clean")
def clean():
    return read_clean(request.args["name"])  # ok


@app.route("/fixed")
def fixed():
    lang = request.args.get("lang")
    return open(os.path.join(BASE, "help-en.txt")).read()  # ok


@app.route("/id/<int:report_id>")
def by_id(report_id):
    return open(f"{BASE}/{report_id}.txt").read()  # ok
