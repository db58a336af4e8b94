from urllib.parse import urlsplit

from flask import Blueprint, Response, abort, current_app, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from markupsafe import escape
from sqlalchemy import select

from . import db
from .models import Message, Post, User

posts = Blueprint("posts", __name__)
SORTS = {"id": Post.id, "title": Post.title}
PARTNERS = {"docs.example.org", "status.example.org"}


@posts.route("/")
def index():
    sort = SORTS.get(request.args.get("sort", "id"), Post.id)
    items = Post.query.order_by(sort).all()  # ok: FB401
    return render_template("index.html", posts=items)


@posts.route("/search")
def search():
    term = request.args.get("q", "")
    items = Post.query.filter(Post.title.like(f"%{term}%")).all()  # ok: FB401
    return render_template("index.html", posts=items, term=term)


@posts.route("/authors")
def authors():
    name = request.args.get("name", "")
    stmt = select(User.id, User.name)
    if name:
        stmt = stmt.where(User.name == name)
    rows = db.session.execute(stmt).all()  # ok: FB401
    return render_template("authors.html", authors=rows)


@posts.route("/messages/<int:message_id>")
@login_required
def message(message_id):
    msg = Message.query.filter_by(id=message_id, recipient_id=current_user.id).first_or_404()  # ok: FB850
    return render_template("message.html", message=msg)


@posts.route("/posts/<int:post_id>/delete", methods=["POST"])
@login_required
def delete_post(post_id):
    post = db.get_or_404(Post, post_id)  # ok: FB850
    if post.author_id != current_user.id and not current_user.is_admin:
        abort(403)
    db.session.delete(post)
    db.session.commit()
    return redirect(url_for("posts.index"))


@posts.route("/me/bio", methods=["POST"])
@login_required
def edit_bio():
    current_user.bio = request.form["bio"]
    db.session.commit()
    return redirect(url_for("posts.profile", user_id=current_user.id))


@posts.route("/users/<int:user_id>")
def profile(user_id):
    return render_template("profile.html", user=User.query.get_or_404(user_id))


@posts.route("/signature")
def signature():
    sig = request.args.get("sig", "")
    return render_template("signature.html", sig=sig)  # ok: FB402


@posts.route("/title")
def title():
    return Response("<title>" + str(escape(request.args.get("t", ""))) + "</title>", mimetype="text/html")  # ok: FB403


@posts.route("/out")
def outbound():
    target = request.values.get("url", "")
    if urlsplit(target).hostname not in PARTNERS:
        abort(400)
    current_app.logger.info("outbound click")
    return redirect(target)  # ok: FB405
