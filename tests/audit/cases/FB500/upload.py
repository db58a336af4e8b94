import os

from flask import Flask, request

app = Flask(__name__)
app.config["UPLOAD_FOLDER"] = "/srv/uploads"


@app.post("/upload")
def upload():
    f = request.files["file"]
    f.save(os.path.join(app.config["UPLOAD_FOLDER"], f.filename))  # expect: FB500
    return "ok"


@app.post("/avatar")
def avatar():
    file = request.files.get("avatar")
    filename = file.filename
    file.save(os.path.join("/srv/avatars", filename))  # expect: FB500
    return "ok"
