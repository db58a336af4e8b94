import os

from flask import Flask, request, send_file, send_from_directory

app = Flask(__name__)
UPLOADS = "/srv/uploads"


@app.route("/download")
def download():
    name = request.args.get("file")
    return send_file(os.path.join(UPLOADS, name), as_attachment=True)  # expect: FB551


@app.route("/files/<path:filename>")
def files(filename):
    return send_file(UPLOADS + "/" + filename)  # expect: FB551


@app.route("/browse")
def browse():
    folder = request.args["folder"]
    return send_from_directory(folder, "index.html")  # expect: FB551
