import os
import tarfile

from flask import Flask, abort, request

app = Flask(__name__)
BASE = "/srv/files"


@app.route("/strip")
def strip():
    name = request.args.get("name", "").replace("../", "")
    with open(os.path.join(BASE, name)) as fh:  # expect: FB404
        return fh.read()


@app.route("/untar", methods=["POST"])
def untar():
    archive = tarfile.open(fileobj=request.files["archive"])
    archive.extractall("/srv/unpacked")  # expect: FB404
    return "ok"


@app.route("/dots")
def dots():
    name = request.args.get("name", "")
    if ".." in name or name.startswith("/"):
        abort(400)
    with open(os.path.join(BASE, name)) as fh:  # ok
        return fh.read()


@app.route("/untar-filtered", methods=["POST"])
def untar_filtered():
    archive = tarfile.open(fileobj=request.files["archive"])
    archive.extractall("/srv/unpacked", filter="data")  # ok
    return "ok"
