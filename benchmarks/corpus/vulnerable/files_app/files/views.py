import os

from flask import Blueprint, current_app, flash, redirect, render_template, request, send_file, url_for

files = Blueprint("files", __name__)
REPORTS = "/srv/reports"


@files.route("/upload", methods=["GET", "POST"])
def upload():
    if request.method == "POST":
        f = request.files["file"]
        if f.filename == "":
            flash("No selected file")
            return redirect(request.url)
        f.save(os.path.join(current_app.config["UPLOAD_FOLDER"], f.filename))  # expect: FB500; expect: FB501
        return redirect(url_for("files.download", name=f.filename))
    return render_template("upload.html")


@files.route("/download")
def download():
    name = request.args["name"]
    path = os.path.join(current_app.config["UPLOAD_FOLDER"], name)
    return send_file(path, as_attachment=True)  # expect: FB551


@files.route("/reports/<path:report>")
def report(report):
    with open(os.path.join(REPORTS, report)) as fh:  # expect: FB404
        return fh.read(), 200, {"Content-Type": "text/plain"}


def read_template(name):
    with open("/srv/templates/" + name, encoding="utf-8") as fh:  # expect: FB404
        return fh.read()


@files.route("/preview")
def preview():
    return {"content": read_template(request.args.get("t", "default.txt"))}


@files.route("/avatar", methods=["POST"])
def avatar():
    image = request.files["avatar"]
    target = os.path.join("/srv/avatars", request.form["username"] + ".png")
    image.save(target)  # expect: FB550; expect: FB501
    return "", 204
