import json
import os
import subprocess
import uuid
import zipfile
from pathlib import Path

from flask import Blueprint, abort, current_app, jsonify, request, send_from_directory
from werkzeug.security import safe_join
from werkzeug.utils import secure_filename

media = Blueprint("media", __name__, url_prefix="/media")
ROOT = Path("/srv/media")
VIDEO_EXTENSIONS = {".mp4", ".mov", ".webm"}


@media.route("/upload", methods=["POST"])
def upload():
    file = request.files["file"]
    ext = os.path.splitext(file.filename)[1].lower()
    if ext not in VIDEO_EXTENSIONS:
        abort(400)
    name = secure_filename(f"{uuid.uuid4().hex}{ext}")
    file.save(os.path.join(current_app.config["MEDIA_ROOT"], name))  # ok: FB501
    return jsonify(name=name), 201


@media.route("/raw/<path:name>")
def raw(name):
    target = (ROOT / name).resolve()
    if not target.is_relative_to(ROOT):
        abort(404)
    return target.read_bytes(), 200, {"Content-Type": "application/octet-stream"}  # ok: FB404


@media.route("/thumb")
def thumb():
    return send_from_directory("/srv/media/thumbs", request.args["name"])  # ok: FB551


@media.route("/delete", methods=["POST"])
def delete():
    path = safe_join(current_app.config["MEDIA_ROOT"], request.form["name"])
    if path is None:
        abort(404)
    os.remove(path)  # ok: FB404
    return "", 204


@media.route("/import", methods=["POST"])
def import_zip():
    archive = zipfile.ZipFile(request.files["archive"])
    # zipfile itself drops "..", drive letters and leading "/" from member names.
    archive.extractall(current_app.config["MEDIA_ROOT"])  # ok: FB404
    return "", 204


@media.route("/convert", methods=["POST"])
def convert():
    name = secure_filename(request.form["name"])
    src = os.path.join("/srv/media", name)
    proc = subprocess.run(["ffmpeg", "-y", "-i", src, src + ".mp4"], capture_output=True, text=True)  # ok: FB406, FB416
    return jsonify(log=proc.stderr)


@media.route("/probe")
def probe():
    path = safe_join("/srv/media", request.args["path"])
    if path is None:
        abort(404)
    info = subprocess.run(["ffprobe", "-hide_banner", path], capture_output=True, text=True)  # ok: FB406
    return jsonify(info=info.stderr)


@media.route("/restore", methods=["POST"])
def restore():
    state = json.loads(request.files["state"].read())  # ok: FB408
    return jsonify(items=len(state))
