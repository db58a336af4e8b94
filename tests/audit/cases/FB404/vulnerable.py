import os
from pathlib import Path

from flask import Blueprint, Flask, request

from files.storage import archive, read_document, remove

app = Flask(__name__)
bp = Blueprint("docs", __name__, url_prefix="/docs")
STATIC = Path("/srv/static")


@app.route("/view")
def view():
    filename = request.args.get("file")
    return open("/srv/reports/" + filename).read()  # expect: FB404


@app.route("/logs/<path:logname>")
def logs(logname):
    with open(os.path.join("/var/log/app", logname), "rb") as fh:  # expect: FB404
        return fh.read()


@bp.route("/read")
def read():
    return read_document(request.args["name"])


@bp.route("/delete", methods=["POST"])
def delete():
    remove(request.form["name"])
    return "", 204


@app.route("/pathlib")
def via_pathlib():
    p = STATIC / request.args["asset"]
    return p.read_text()  # expect: FB404


@app.route("/list")
def listing():
    folder = request.args.get("dir", ".")
    return {"files": os.listdir(folder)}  # expect: FB404


@app.route("/archive")
def do_archive():
    archive(request.json["path"])
    return "", 204


@app.route("/write")
def write():
    target = Path(request.form["target"])
    target.write_text(request.form["content"])  # expect: FB404
    return "", 204
