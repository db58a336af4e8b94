import hashlib
import os
import tempfile

from flask import Flask, request

app = Flask(__name__)
CACHE = tempfile.gettempdir()


@app.post("/convert")
def convert():
    name = hashlib.md5(request.form["url"].encode()).hexdigest()
    path = os.path.join(CACHE, name + ".epub")
    with open(path, "wb") as f:
        f.write(request.files["book"].read())
    return {"cached": name}


@app.post("/convert/raw")
def convert_raw():
    digest = hashlib.md5(request.form["url"].encode()).digest()
    path = os.path.join(CACHE, request.form["name"] + digest.hex())
    with open(path, "wb") as f:  # expect: FB404
        f.write(request.files["book"].read())
    return "ok"
