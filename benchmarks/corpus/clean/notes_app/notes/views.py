from flask import Blueprint, abort, g, redirect, render_template, request, session, url_for
from werkzeug.security import check_password_hash

from . import limiter
from .db import get_db, notes_by_tag, search_notes

bp = Blueprint("notes", __name__)


@bp.before_app_request
def load_user():
    user_id = session.get("user_id")
    g.user = None if user_id is None else get_db().execute(
        "SELECT * FROM user WHERE id = ?", (user_id,)
    ).fetchone()


@bp.route("/search")
def search():
    results = search_notes(request.args.get("q", ""))
    return render_template("notes/list.html", notes=results)


@bp.route("/tags/<tag>")
def by_tag(tag):
    order = request.args.get("sort", "created")
    return render_template("notes/list.html", notes=notes_by_tag(tag, order))


@bp.route("/user/<username>")
def profile(username):
    db = get_db()
    user = db.execute("SELECT * FROM user WHERE username = ?", (username,)).fetchone()  # ok: FB401
    if user is None:
        abort(404)
    return render_template("notes/profile.html", user=user)


@bp.route("/login", methods=["POST"])
@limiter.limit("5 per minute")
def login():
    db = get_db()
    username = request.form["username"]
    cur = db.cursor()
    cur.execute("SELECT id, password FROM user WHERE username = ?", (username,))  # ok: FB401
    row = cur.fetchone()
    if row is None or not check_password_hash(row["password"], request.form["password"]):
        return render_template("notes/login.html", error="Invalid login"), 401
    session.clear()
    session["user_id"] = row["id"]
    return redirect(url_for("notes.search"))
