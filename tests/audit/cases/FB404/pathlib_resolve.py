from pathlib import Path

from flask import Flask, request

app = Flask(__name__)
BASE = Path("/srv/files")


@app.route("/file")
def contained():
    p = (BASE / request.args["name"]).resolve()
    p.relative_to(BASE)
    return p.read_text()  # ok


@app.route("/file2")
def not_contained():
    p = (BASE / request.args["name"]).resolve()
    return p.read_text()  # expect: FB404
