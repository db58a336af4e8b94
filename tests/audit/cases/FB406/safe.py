import os
import shlex
import subprocess

from flask import Flask, request

from tools.net import ping_safe

app = Flask(__name__)
TOOLS = {"git", "ls"}


@app.route("/ping")
def do_ping():
    host = request.args.get("host")
    return subprocess.check_output(["ping", "-c", "1", host])  # ok


@app.route("/quoted")
def quoted():
    host = request.args.get("host")
    return os.popen("ping -c 1 " + shlex.quote(host)).read()  # ok


@app.route("/count/<int:n>")
def count(n):
    os.system(f"seq {n}")  # ok
    return "ok"


@app.route("/tool")
def tool():
    program = request.args["tool"]
    if program not in TOOLS:
        return "no", 400
    subprocess.run([program, "--version"])  # ok
    return "ok"


@app.route("/helper")
def helper():
    return ping_safe(request.args["h"])  # ok


@app.route("/list")
def listing():
    cmd = ["ls", "-la", request.args["dir"]]
    return subprocess.run(cmd, capture_output=True).stdout  # ok
