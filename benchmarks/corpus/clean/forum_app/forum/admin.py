from flask import Blueprint, abort, render_template
from flask_login import current_user, login_required

from .models import User

admin = Blueprint("admin", __name__)


@admin.before_request
@login_required
def require_admin():
    if not current_user.is_admin:
        abort(403)


@admin.route("/users")
def list_users():  # ok: FB801
    return render_template("admin/users.html", users=User.query.all())
