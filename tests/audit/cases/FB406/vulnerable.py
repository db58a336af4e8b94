import os
import subprocess
from subprocess import Popen

from flask import Flask, request

from tools.net import ping

app = Flask(__name__)


@app.route("/ping")
def do_ping():
    host = request.args.get("host")
    return os.popen("ping -c 1 %s" % host).read()  # expect: FB406


@app.route("/lookup/<domain>")
def lookup(domain):
    os.system(f"nslookup {domain}")  # expect: FB406
    return "ok"


@app.route("/run", methods=["POST"])
def run():
    cmd = request.form["cmd"]
    out = subprocess.run(cmd, shell=True, capture_output=True)  # expect: FB406
    return out.stdout


@app.route("/tool")
def tool():
    program = request.args["tool"]
    subprocess.call([program, "--version"])  # expect: FB406
    return "ok"


@app.route("/helper")
def helper():
    return ping(request.args["h"])


@app.route("/popen")
def popen():
    args = request.get_json()
    p = Popen("convert " + args["src"] + " out.png", shell=True)  # expect: FB406
    return str(p.wait())
