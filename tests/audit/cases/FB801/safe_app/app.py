from flask import Blueprint, Flask, abort
from flask_login import current_user, login_required

app = Flask(__name__)
admin = Blueprint("admin", __name__, url_prefix="/admin")


@admin.before_request
def require_admin():
    if not current_user.is_authenticated or not current_user.is_admin:
        abort(403)


@admin.get("/users")
def users():
    return list_users()


@app.post("/notes/<int:note_id>/delete")
@login_required
def delete_note(note_id):
    return "deleted"


@app.get("/internal/stats")
def stats():
    if not current_user.is_admin:
        abort(403)
    return "stats"


@admin.route("/login", methods=["GET", "POST"])
def admin_login():
    return "login form"


@app.get("/admin/login")
def admin_login_page():
    return "login form"
