from flask import Blueprint, redirect, request, session
from flask_login import login_user

from .models import User

bp = Blueprint("auth", __name__)


@bp.post("/login")
def login():
    user = User.authenticate(request.form["email"], request.form["password"])
    session.clear()
    login_user(user)
    return redirect("/")


@bp.post("/login/api")
def api_login():
    user = User.authenticate(request.json["email"], request.json["password"])
    session.clear()
    session["user_id"] = user.id
    return {"ok": True}


@bp.post("/preferences")
def preferences():
    session["theme"] = request.form["theme"]
    return redirect("/")


@bp.get("/oauth/callback")
def oauth_callback():
    session["oauth_token"] = request.args["token"]
    return redirect("/")
