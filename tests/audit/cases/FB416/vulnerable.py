import subprocess

from flask import Flask, request

app = Flask(__name__)


@app.post("/mirrors")
def add_mirror():
    repo = request.json["repo"]
    subprocess.run(["git", "clone", repo, "/srv/mirrors/new"], check=True)  # expect: FB416
    return "", 201


@app.get("/fetch")
def fetch():
    url = request.args.get("url", "")
    out = subprocess.check_output(["curl", "-sS", url])  # expect: FB416
    return out, 200, {"Content-Type": "text/plain"}


@app.post("/unpack")
def unpack():
    name = request.form["archive"]
    subprocess.call(("tar", "-xf", name), cwd="/srv/uploads")  # expect: FB416
    return "ok"


@app.get("/log")
def log():
    since = request.args["since"]
    argv = ["git", "log", "--oneline", since]
    return subprocess.run(argv, capture_output=True, text=True).stdout  # expect: FB416


@app.get("/grep")
def grep():
    # secure_filename keeps a leading "-": "-r" is still an option of grep
    from werkzeug.utils import secure_filename

    pattern = secure_filename(request.args["q"])
    return subprocess.run(  # expect: FB416
        ["grep", pattern, "/srv/notes.txt"], capture_output=True, text=True
    ).stdout
