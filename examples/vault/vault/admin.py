"""The admin blueprint: login- and role-protected for every route by default (M19)."""

from __future__ import annotations

from flask import Blueprint, abort, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user

from flask_bastion import login_required_by_default, revoke_user_sessions, security_event

from .forms import ConfirmForm
from .models import User, db

bp = Blueprint("admin", __name__, url_prefix="/admin")
login_required_by_default(bp)


@bp.before_request
def require_admin() -> None:
    # 404 rather than 403: non-admins learn nothing about the admin area.
    if not (current_user.is_authenticated and current_user.is_admin):
        abort(404)


@bp.get("/")
def users() -> ResponseReturnValue:
    people = db.session.execute(db.select(User).order_by(User.email)).scalars()
    return render_template("admin/users.html", users=list(people), form=ConfirmForm())


@bp.post("/users/<int:user_id>/disable")
def disable(user_id: int) -> ResponseReturnValue:
    if not ConfirmForm().validate_on_submit():
        abort(400)
    user = db.get_or_404(User, user_id)
    if user.id == current_user.id:
        abort(400)
    user.disabled = True
    db.session.commit()
    revoke_user_sessions(user.id)
    security_event("admin.user_disabled", user_id=user.id, by=current_user.id)
    return redirect(url_for("admin.users"))
