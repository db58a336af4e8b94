import logging
from urllib.parse import urlsplit

from flask import Blueprint, redirect, render_template, request, session, url_for
from flask_login import login_user, logout_user

from . import limiter, login_manager
from .users import USERS, check_password, make_reset_token, register

bp = Blueprint("auth", __name__)
logger = logging.getLogger("auth")


def is_safe_next(target):
    """Only a path on this site: no scheme, no host, no protocol-relative '//evil'."""
    parts = urlsplit(target or "")
    return not parts.scheme and not parts.netloc and target.startswith("/") and not target.startswith("//") and "\\" not in target


@login_manager.user_loader
def load_user(user_id):
    return next((u for u in USERS.values() if str(u.id) == user_id), None)


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit("5 per minute")
def login():
    if request.method == "POST":
        email = request.form["email"]
        user = USERS.get(email)
        if user is None or not check_password(user, request.form["password"]):
            logger.warning("failed login")  # ok: FB802
            return render_template("auth/login.html", error="Invalid credentials"), 401
        session.clear()
        login_user(user, remember=True)
        next_page = request.args.get("next")
        if not is_safe_next(next_page):
            next_page = url_for("auth.home")
        return redirect(next_page)  # ok: FB405
    return render_template("auth/login.html")


@bp.route("/logout")
def logout():
    logout_user()
    return redirect(url_for("auth.login"))


@bp.route("/signup", methods=["POST"])
@limiter.limit("10 per hour")
def signup():
    register(request.form["email"], request.form["password"])
    return redirect(url_for("auth.login"))


@bp.route("/reset", methods=["POST"])
def reset():
    token = make_reset_token()
    resp = redirect(url_for("auth.login"))
    resp.set_cookie("reset_token", token, secure=True, httponly=True, samesite="Strict")  # ok: FB203
    return resp


@bp.route("/lang/<code>")
def set_language(code):
    resp = redirect(url_for("auth.home"))
    resp.set_cookie("lang", code, secure=True, samesite="Lax")
    return resp


@bp.route("/")
def home():
    return render_template("auth/home.html")
