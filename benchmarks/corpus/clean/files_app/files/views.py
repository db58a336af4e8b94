import os
import uuid

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    send_from_directory,
    url_for,
)
from werkzeug.security import safe_join
from werkzeug.utils import secure_filename

files = Blueprint("files", __name__)
REPORTS = "/srv/reports"
ALLOWED_EXTENSIONS = {"txt", "pdf", "png", "jpg", "jpeg", "gif"}


def allowed_file(filename):
    return "." in filename and filename.rsplit(".", 1)[1].lower() in ALLOWED_EXTENSIONS


@files.route("/upload", methods=["GET", "POST"])
def upload():
    if request.method == "POST":
        f = request.files["file"]
        if f.filename == "" or not allowed_file(f.filename):
            flash("Choose a text, PDF or image file")
            return redirect(request.url)
        filename = secure_filename(f.filename)
        f.save(os.path.join(current_app.config["UPLOAD_FOLDER"], filename))  # ok: FB500, FB501
        return redirect(url_for("files.download", name=filename))
    return render_template("upload.html")


@files.route("/download")
def download():
    name = request.args["name"]
    return send_from_directory(current_app.config["UPLOAD_FOLDER"], name, as_attachment=True)  # ok: FB551


@files.route("/reports/<path:report>")
def report(report):
    path = safe_join(REPORTS, report)
    if path is None:
        abort(404)
    with open(path) as fh:  # ok: FB404
        return fh.read(), 200, {"Content-Type": "text/plain"}


def read_template(name):
    with open(os.path.join("/srv/templates", os.path.basename(name)), encoding="utf-8") as fh:  # ok: FB404
        return fh.read()


@files.route("/preview")
def preview():
    return {"content": read_template(request.args.get("t", "default.txt"))}


@files.route("/avatar", methods=["POST"])
def avatar():
    image = request.files["avatar"]
    if not allowed_file(image.filename):
        abort(400)
    target = os.path.join("/srv/avatars", f"{uuid.uuid4().hex}.png")
    image.save(target)  # ok: FB550
    return "", 204
