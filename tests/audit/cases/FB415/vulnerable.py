from flask import Flask, request, session

app = Flask(__name__)


@app.route("/prefs", methods=["POST"])
def prefs():
    session["theme"] = request.form["theme"]  # expect: FB415
    return "ok"


@app.route("/role")
def role():
    session.update(role=request.args.get("role"))  # expect: FB415
    return "ok"


@app.route("/cart", methods=["POST"])
def cart():
    items = request.get_json()["items"]
    session["cart"] = items  # expect: FB415
    return "ok"
