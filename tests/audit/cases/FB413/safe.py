import uuid

from flask import Flask, make_response, request
from werkzeug.utils import secure_filename

app = Flask(__name__)
LANGS = {"en", "fr"}


@app.route("/download")
def download():
    resp = make_response("data")
    resp.headers["Content-Disposition"] = "attachment; filename=" + secure_filename(request.args["n"])  # ok
    return resp


@app.route("/lang")
def lang():
    code = request.args.get("lang", "en")
    if code not in LANGS:
        code = "en"
    resp = make_response("ok")
    resp.headers["Content-Language"] = code  # ok
    return resp


@app.after_request
def rid(response):
    response.headers["X-Request-Id"] = str(uuid.uuid4())  # ok
    return response


@app.route("/strip")
def strip():
    value = request.args["v"].replace("\r", "").replace("\n", "")
    resp = make_response("ok")
    resp.headers["X-Value"] = value  # ok
    return resp
