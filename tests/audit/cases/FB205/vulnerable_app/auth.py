from flask import Blueprint, redirect, render_template, request, session, url_for
from flask_login import login_user

from .models import User

bp = Blueprint("auth", __name__)


@bp.route("/login", methods=["GET", "POST"])
def login():
    if request.method == "POST":
        user = User.query.filter_by(email=request.form["email"]).first()
        if user and user.check_password(request.form["password"]):
            login_user(user, remember=True)  # expect: FB205
            return redirect(url_for("index"))
    return render_template("login.html")


@bp.post("/api/login")
def api_login():
    user = User.authenticate(request.json["email"], request.json["password"])
    session["user_id"] = user.id  # expect: FB205
    return {"ok": True}


@bp.post("/logout")
def logout():
    session.pop("user_id", None)
    return redirect("/")
