"""Registration, login and logout.

Login is rate-limited counting failures (M22) and regenerates the session
(M13: Flask-Bastion hooks Flask-Login's ``user_logged_in`` signal); logout
revokes the session so a copied cookie stops working.
"""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import Blueprint, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required, login_user, logout_user

from flask_bastion import login_rate_limit, security_event

from .forms import LoginForm, RegisterForm
from .models import User, db

bp = Blueprint("auth", __name__)
hasher = PasswordHasher()
# Verifying against a dummy hash when the account does not exist keeps the
# response time the same, so timing does not reveal which emails exist.
_DUMMY_HASH = hasher.hash("not-a-real-password-0")


def _check_password(user: User | None, password: str) -> bool:
    try:
        return hasher.verify(user.password_hash if user else _DUMMY_HASH, password) and bool(user)
    except (VerificationError, InvalidHashError):
        return False


@bp.route("/register", methods=["GET", "POST"])
@login_rate_limit
def register() -> ResponseReturnValue:
    form = RegisterForm()
    if form.validate_on_submit():
        email = form.email.data.strip().lower()
        if db.session.execute(db.select(User).filter_by(email=email)).scalar_one_or_none():
            form.email.errors.append("An account with this email exists.")
            return render_template("auth/register.html", form=form), 409
        user = User(email=email, password_hash=hasher.hash(form.password.data))
        db.session.add(user)
        db.session.commit()
        security_event("account.created", user_id=user.id)
        login_user(user)
        return redirect(url_for("notes.index"))
    return render_template("auth/register.html", form=form), 422 if form.errors else 200


@bp.route("/login", methods=["GET", "POST"])
@login_rate_limit
def login() -> ResponseReturnValue:
    form = LoginForm()
    if form.validate_on_submit():
        email = form.email.data.strip().lower()
        user = db.session.execute(db.select(User).filter_by(email=email)).scalar_one_or_none()
        if _check_password(user, form.password.data) and user is not None and user.is_active:
            login_user(user)
            security_event("login.success", user_id=user.id)
            return redirect(url_for("notes.index"))
        security_event("login.failure", email=email)
        form.password.errors.append("Wrong email or password.")
        return render_template("auth/login.html", form=form), 401
    return render_template("auth/login.html", form=form), 422 if form.errors else 200


@bp.post("/logout")
@login_required
def logout() -> ResponseReturnValue:
    user_id = current_user.get_id()
    logout_user()
    security_event("logout", user_id=user_id)
    flash("You are logged out.")
    return redirect(url_for("auth.login"))
