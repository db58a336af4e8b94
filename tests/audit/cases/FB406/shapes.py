import os
import subprocess

from flask import Flask, request

app = Flask(__name__)


def run(*parts, **opts):
    os.system(" ".join(parts) + opts.get("extra", ""))  # expect: FB406


def run_quiet(cmd, *, suffix=""):
    subprocess.call(cmd + suffix, shell=True)  # expect: FB406


@app.route("/run")
def run_view():
    run("ls", extra=request.args["x"])
    run_quiet("ls", suffix=request.args["y"])
    return "ok"


@app.route("/sh")
def sh():
    subprocess.run(["bash", "-c", "ls " + request.args["d"]])  # expect: FB406
    return "ok"


@app.route("/spawn")
def spawn():
    os.spawnlp(os.P_WAIT, request.args["prog"], "x")  # expect: FB406
    return "ok"


@app.route("/args")
def args_only():
    subprocess.run(["ls", "-l", "--", request.args["d"]], check=False)  # ok
    return "ok"


@app.route("/lambda")
def with_lambda():
    run = lambda cmd: os.system(cmd)  # expect: FB406
    run(request.args["c"])
    return "ok"
