from flask import Flask, request, session

app = Flask(__name__)


@app.route("/prefs", methods=["POST"])
def prefs():
    session["role"] = request.form["role"]  # expect: FB415
    return "ok"


@app.route("/role")
def role():
    session.update(user_id=request.args.get("uid"))  # expect: FB415
    return "ok"


@app.route("/cart", methods=["POST"])
def cart():
    items = request.get_json()["items"]
    session["next_url"] = items  # expect: FB415
    return "ok"
