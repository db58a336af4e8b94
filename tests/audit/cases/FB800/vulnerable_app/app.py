from flask import Blueprint, Flask, request

app = Flask(__name__)
auth = Blueprint("auth", __name__)


@app.route("/login", methods=["GET", "POST"])  # expect: FB800
def login():
    return check(request.form["email"], request.form["password"])


@auth.post("/api/authenticate")  # expect: FB800
def authenticate():
    return check(request.json["email"], request.json["password"])


@app.get("/login/help")
def login_help():
    return "help"


@app.route("/reset-password", methods=["POST"])  # expect: FB800
def reset_password():
    return send_reset(request.form["email"])
