import sqlalchemy as sa
from flask import current_app, flash, g, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from app import db
from app.main import bp
from app.main.forms import EmptyForm, PostForm
from app.main.translate import translate
from app.models import Post, User


@bp.route("/", methods=["GET", "POST"])
@bp.route("/index", methods=["GET", "POST"])
@login_required
def index():
    form = PostForm()
    if form.validate_on_submit():
        db.session.add(Post(body=form.post.data, author=current_user))
        db.session.commit()
        flash("Your post is now live!")
        return redirect(url_for("main.index"))
    page = request.args.get("page", 1, type=int)
    query = sa.select(Post).order_by(Post.timestamp.desc())
    posts = db.paginate(query, page=page, per_page=current_app.config["POSTS_PER_PAGE"], error_out=False)
    return render_template("index.html", title="Home", form=form, posts=posts.items)


@bp.route("/user/<username>")
@login_required
def user(username):
    user = db.first_or_404(sa.select(User).where(User.username == username))  # ok: FB850, FB401
    return render_template("user.html", user=user)


@bp.route("/translate", methods=["POST"])
@login_required
def translate_text():
    data = request.get_json()
    return {"text": translate(data["text"], data["source_language"], data["dest_language"])}  # ok: FB412


@bp.route("/follow/<username>", methods=["POST"])
@login_required
def follow(username):
    form = EmptyForm()
    if form.validate_on_submit():
        user = db.session.scalar(sa.select(User).where(User.username == username))  # ok: FB850
        if user is None:
            flash(f"User {username} not found.")
            return redirect(url_for("main.index"))
        current_user.follow(user)
        db.session.commit()
        flash(f"You are following {username}!")
        return redirect(url_for("main.user", username=username))
    return redirect(url_for("main.index"))
