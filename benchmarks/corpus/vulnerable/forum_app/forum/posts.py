from flask import Blueprint, Response, abort, current_app, redirect, render_template, request, session, url_for
from flask_login import current_user, login_required
from jinja2 import Template
from sqlalchemy import text

from . import db
from .models import Message, Post, User

posts = Blueprint("posts", __name__)


@posts.route("/")
def index():
    sort = request.args.get("sort", "id")
    items = Post.query.order_by(text(sort)).all()  # expect: FB401
    return render_template("index.html", posts=items)


@posts.route("/search")
def search():
    term = request.args.get("q", "")
    items = Post.query.filter(text(f"title LIKE '%{term}%'")).all()  # expect: FB401
    return render_template("index.html", posts=items, term=term)


@posts.route("/authors")
def authors():
    name = request.args.get("name", "")
    sql = "SELECT id, name FROM user WHERE 1=1"
    if name:
        sql += " AND name = '" + name + "'"
    rows = db.session.execute(text(sql)).all()  # expect: FB401
    return render_template("authors.html", authors=rows)


@posts.route("/messages/<int:message_id>")
@login_required
def message(message_id):
    msg = Message.query.filter_by(id=message_id).first_or_404()  # expect: FB850
    current_app.logger.info("user %s read message %s", current_user.id, message_id)
    return render_template("message.html", message=msg)


@posts.route("/posts/<int:post_id>/delete", methods=["POST"])
@login_required
def delete_post(post_id):
    post = db.session.get(Post, post_id)  # expect: FB850
    db.session.delete(post)
    db.session.commit()
    return redirect(url_for("posts.index"))


@posts.route("/users/<int:user_id>/bio", methods=["POST"])
@login_required
def edit_bio(user_id):
    user = User.query.get_or_404(user_id)  # expect: FB850
    user.bio = request.form["bio"]
    db.session.commit()
    return redirect(url_for("posts.profile", user_id=user.id))


@posts.route("/users/<int:user_id>")
def profile(user_id):
    return render_template("profile.html", user=User.query.get_or_404(user_id))


@posts.route("/signature")
def signature():
    sig = request.args.get("sig", "")
    return Template("<div class='sig'>" + sig + "</div>").render()  # expect: FB402; expect: FB453


@posts.route("/render", methods=["POST"])
def render_snippet():
    source = request.get_json()["source"]
    return current_app.jinja_env.from_string(source).render(user=current_user)  # expect: FB402


@posts.route("/title")
def title():
    return Response("<title>" + request.args.get("t", "") + "</title>", mimetype="text/html")  # expect: FB403


@posts.route("/continue")
def go_on():
    return redirect(session.pop("next_url", "/"))  # expect: FB405


@posts.route("/remember-next")
def remember_next():
    session["next_url"] = request.args["next"]  # expect: FB415
    return redirect(url_for("auth.login"))


@posts.route("/out")
def outbound():
    target = request.values.get("url")
    if target.startswith("http"):
        return redirect(target)  # expect: FB405
    abort(400)
