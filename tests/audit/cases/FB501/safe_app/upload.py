import os

from flask import Flask, abort, request
from werkzeug.utils import secure_filename

app = Flask(__name__)
ALLOWED_EXTENSIONS = {"png", "jpg", "pdf"}


def allowed_file(filename):
    return "." in filename and filename.rsplit(".", 1)[1].lower() in ALLOWED_EXTENSIONS


@app.post("/upload")
def upload():
    file = request.files["document"]
    if not allowed_file(file.filename):
        abort(400)
    file.save(os.path.join("/srv/uploads", secure_filename(file.filename)))
    return "stored"
