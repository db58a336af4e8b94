from flask import Flask, render_template_string, request, session

app = Flask(__name__)


@app.route("/setname")
def setname():
    session["name"] = request.args["name"]
    return "ok"


@app.route("/hello")
def hello():
    # the value was read back from the session another view filled from the request
    return render_template_string("Hello " + session.get("name", ""))  # expect: FB402


@app.route("/render", methods=["POST"])
def render():
    return render_template_string(request.json.get("template"))  # expect: FB402
