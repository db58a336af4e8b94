from flask import Flask, request, session

app = Flask(__name__)
THEMES = {"light", "dark"}


@app.route("/prefs", methods=["POST"])
def prefs():
    theme = request.form.get("theme", "light")
    if theme in THEMES:
        session["theme"] = theme  # ok
    return "ok"


@app.route("/page")
def page():
    session["page"] = request.args.get("page", 1, type=int)  # ok
    return "ok"


@app.route("/login", methods=["POST"])
def login():
    from models import User

    user = User.query.filter_by(email=request.form["email"]).first()
    session["user_id"] = user.id  # ok
    return "ok"
