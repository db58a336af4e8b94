import os
import subprocess
import zipfile
from pathlib import Path

from flask import Blueprint, current_app, jsonify, request, send_file
from werkzeug.utils import secure_filename

media = Blueprint("media", __name__, url_prefix="/media")
ROOT = Path("/srv/media")


@media.route("/upload", methods=["POST"])
def upload():
    file = request.files["file"]
    name = secure_filename(file.filename)
    file.save(os.path.join(current_app.config["MEDIA_ROOT"], name))  # expect: FB501
    return jsonify(name=name), 201


@media.route("/raw/<path:name>")
def raw(name):
    return (ROOT / name).read_bytes(), 200, {"Content-Type": "application/octet-stream"}  # expect: FB404


@media.route("/thumb")
def thumb():
    name = request.args["name"]
    return send_file(f"/srv/media/thumbs/{name}")  # expect: FB551


@media.route("/delete", methods=["POST"])
def delete():
    os.remove(os.path.join(current_app.config["MEDIA_ROOT"], request.form["name"]))  # expect: FB404
    return "", 204


@media.route("/import", methods=["POST"])
def import_zip():
    archive = zipfile.ZipFile(request.files["archive"])
    root = current_app.config["MEDIA_ROOT"]
    for member in archive.namelist():
        with open(os.path.join(root, member), "wb") as out:  # expect: FB404
            out.write(archive.read(member))
    return "", 204


@media.route("/convert", methods=["POST"])
def convert():
    name = request.form["name"]
    out = os.popen(f"ffmpeg -y -i /srv/media/{name} /srv/media/{name}.mp4").read()  # expect: FB406
    return jsonify(log=out)


@media.route("/probe")
def probe():
    path = request.args["path"]
    info = subprocess.run(f"ffprobe -hide_banner {path}", shell=True, capture_output=True, text=True)  # expect: FB406
    return jsonify(info=info.stderr)


@media.route("/restore", methods=["POST"])
def restore():
    import pickle

    state = pickle.loads(request.files["state"].read())  # expect: FB408
    return jsonify(items=len(state))


@media.route("/meta", methods=["POST"])
def meta():
    import yaml

    return jsonify(yaml.unsafe_load(request.get_data(as_text=True)))  # expect: FB408
