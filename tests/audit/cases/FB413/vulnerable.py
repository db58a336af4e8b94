from flask import Flask, make_response, request

app = Flask(__name__)


@app.route("/download")
def download():
    name = request.args.get("name")
    resp = make_response("data")
    resp.headers["Content-Disposition"] = "attachment; filename=" + name  # expect: FB413
    return resp


@app.route("/lang")
def lang():
    resp = make_response("ok")
    resp.headers.set("Content-Language", request.args["lang"])  # expect: FB413
    return resp


@app.after_request
def echo(response):
    response.headers["X-Request-Id"] = request.headers.get("X-Request-Id", "")  # expect: FB413
    return response
