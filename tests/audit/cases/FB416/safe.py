import subprocess
from pathlib import Path

from flask import Flask, abort, request

app = Flask(__name__)


@app.post("/mirrors")
def add_mirror():
    repo = request.json["repo"]
    subprocess.run(["git", "clone", "--", repo, "/srv/mirrors/new"], check=True)  # ok
    return "", 201


@app.get("/fetch")
def fetch():
    url = request.args.get("url", "")
    if not url.startswith(("http://", "https://")):
        abort(400)
    return subprocess.check_output(["curl", "-sS", url]), 200, {"Content-Type": "text/plain"}  # ok


@app.post("/unpack")
def unpack():
    name = request.form["archive"]
    if name.startswith("-"):
        abort(400)
    subprocess.call(["tar", "-xf", name], cwd="/srv/uploads")  # ok
    return "ok"


@app.get("/report")
def report():
    name = request.args["name"]
    subprocess.run(["pandoc", "notes.md", f"--output=/srv/reports/{name}.pdf"], check=True)  # ok
    subprocess.run(["git", "show", "refs/tags/" + name], check=True)  # ok
    return "ok"


@app.get("/page")
def page():
    number = int(request.args.get("page", 1))
    subprocess.run(["pdftoppm", "-f", str(number), "book.pdf", "out"], check=True)  # ok
    return "ok"


@app.get("/tag")
def tag():
    # a fixed program and fixed arguments: nothing from the client
    out = subprocess.run(["git", "describe", "--tags"], capture_output=True)  # ok
    return out.stdout


UPLOADS = Path("/srv/uploads")


@app.post("/thumbnail")
def thumbnail():
    name = request.form["name"]
    thumb = ["convert", str(UPLOADS / name), "-resize", "64x64", "thumb.png"]
    subprocess.run(thumb, check=True)  # ok
    return "ok"
