import logging

from flask import Blueprint, redirect, render_template, request, url_for
from flask_login import login_user, logout_user

from . import login_manager
from .users import USERS, check_password, make_reset_token, register

bp = Blueprint("auth", __name__)
logger = logging.getLogger("auth")


@login_manager.user_loader
def load_user(user_id):
    return next((u for u in USERS.values() if str(u.id) == user_id), None)


@bp.route("/login", methods=["GET", "POST"])  # expect: FB800; expect: FB300
def login():
    if request.method == "POST":
        email = request.form["email"]
        password = request.form["password"]
        user = USERS.get(email)
        if user is None or not check_password(user, password):
            logger.warning("failed login for %s (password=%s)", email, password)  # expect: FB802; expect: FB414
            return render_template("auth/login.html", error="Invalid credentials"), 401
        login_user(user, remember=True)  # known-fp: FB205 default cookie sessions have no server-side id to fix
        next_page = request.args.get("next")
        return redirect(next_page or url_for("auth.home"))  # expect: FB405
    return render_template("auth/login.html")


@bp.route("/logout")
def logout():
    logout_user()
    return redirect(request.referrer or "/")  # expect: FB405


@bp.route("/signup", methods=["POST"])  # expect: FB300
def signup():
    register(request.form["email"], request.form["password"])
    return redirect(url_for("auth.login"))


@bp.route("/reset", methods=["POST"])  # expect: FB300
def reset():
    token = make_reset_token()
    resp = redirect(url_for("auth.login"))
    resp.set_cookie("reset_token", token)  # expect: FB203
    return resp


@bp.route("/lang/<code>")
def set_language(code):
    resp = redirect(request.args.get("return_to", "/"))  # expect: FB405
    resp.set_cookie("lang", code)
    return resp


@bp.route("/")
def home():
    return render_template("auth/home.html")
