import os

from flask import Flask
from webargs import fields
from webargs.flaskparser import use_args

app = Flask(__name__)


@app.route("/cmd")
@use_args({"cmd": fields.Str()}, location="query")
def cmd(args):
    os.system(args["cmd"])  # expect: FB406
    return "ok"
