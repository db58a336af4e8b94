import os

from flask import Flask, request
from werkzeug.utils import secure_filename

app = Flask(__name__)


@app.post("/upload")
def upload():
    file = request.files["document"]
    file.save(os.path.join("/srv/uploads", secure_filename(file.filename)))  # expect: FB501
    return "stored"
