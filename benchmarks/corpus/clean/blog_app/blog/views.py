import hashlib
import io
import random
import secrets
import shlex
import sqlite3
import subprocess

import requests
from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask.views import MethodView
from flask_login import current_user, login_required, login_user
from marshmallow import Schema, ValidationError, fields
from markupsafe import Markup, escape
from werkzeug.security import generate_password_hash
from werkzeug.utils import secure_filename

from . import limiter
from .forms import CommentForm
from .models import find_user

blog = Blueprint("blog", __name__)
TIPS = ["Use tags", "Write short titles", "Add a cover image"]
IMAGE_EXTENSIONS = {"png", "jpg", "jpeg", "gif"}


class PostSchema(Schema):
    title = fields.String(required=True)


def db():
    return sqlite3.connect("/srv/blog/blog.db")


@blog.route("/posts")
def posts():
    ids = [int(i) for i in request.args.getlist("id")]
    placeholders = ",".join("?" * len(ids))
    sql = f"SELECT * FROM post WHERE id IN ({placeholders})"
    return jsonify(db().execute(sql, ids).fetchall())  # ok: FB401


@blog.route("/raw")
def raw():
    return request.args.get("q", ""), 200, {"Content-Type": "text/plain; charset=utf-8"}  # ok: FB403


@blog.route("/echo")
def echo():
    return Response(request.args.get("q", ""), mimetype="text/plain")  # ok: FB403


@blog.route("/welcome")
def welcome():
    flash(Markup("Welcome back, <b>{}</b>!").format(request.args["name"]))  # ok: FB452, FB403
    return redirect(url_for("blog.posts"))


@blog.route("/comment", methods=["POST"])
def comment():
    form = CommentForm()
    if form.validate_on_submit():
        return redirect(url_for("blog.posts"))
    return render_template("comment.html", form=form)


@blog.route("/go")
def go():
    endpoint = request.args.get("to", "blog.posts")
    if endpoint not in ("blog.posts", "blog.tip"):
        abort(404)
    return redirect(url_for(endpoint))  # ok: FB405


@blog.route("/github/<username>")
def github(username):
    resp = requests.get(f"https://api.github.com/users/{username}", timeout=5)  # ok: FB412
    return jsonify(name=resp.json().get("name"))


@blog.route("/thumbnail", methods=["POST"])
@login_required
def thumbnail():
    name = secure_filename(request.form["image"])
    cmd = f"convert /srv/blog/{shlex.quote(name)} -resize 200 /srv/blog/thumb.png"
    return jsonify(rc=subprocess.run(cmd, shell=True).returncode)  # ok: FB406


@blog.route("/history/<int:post_id>")
@login_required
def history(post_id):
    out = subprocess.run(["git", "log", "--format=%H", "--", f"posts/{post_id}.md"], capture_output=True, text=True)  # ok: FB406
    return jsonify(commits=out.stdout.split())


@blog.route("/export")
@login_required
def export():
    data = io.BytesIO(b"title,views\n")
    return send_file(data, mimetype="text/csv", as_attachment=True, download_name=secure_filename(request.args.get("name", "export.csv")))  # ok: FB551, FB404


def store_api_token(token):
    return hashlib.sha256(token.encode()).hexdigest()  # ok: FB430


def etag_of(upload):
    return hashlib.md5(upload.read(), usedforsecurity=False).hexdigest()  # ok: FB430


def hash_password(password):
    return generate_password_hash(password)  # ok: FB430


@blog.route("/tip")
def tip():
    return jsonify(tip=random.choice(TIPS))  # ok: FB431


def new_session_id():
    return secrets.token_urlsafe(32)  # ok: FB431


@blog.route("/invoices/<int:invoice_id>")
@login_required
def invoice(invoice_id):
    inv = current_user.invoices.filter_by(id=invoice_id).first_or_404()  # ok: FB850
    return render_template("invoice.html", invoice=inv)


@blog.route("/api/posts", methods=["POST"])
@login_required
def create_post():
    try:
        data = PostSchema().load(request.get_json())
    except ValidationError as err:
        return jsonify(errors=err.messages), 400  # ok: FB601
    return jsonify(data), 201


@blog.route("/upload", methods=["POST"])
@login_required
def upload():
    f = request.files["file"]
    ext = f.filename.rsplit(".", 1)[-1].lower()
    if ext not in IMAGE_EXTENSIONS:
        abort(400)
    f.save(f"{current_app.config['UPLOAD_FOLDER']}/{secrets.token_hex(16)}.{ext}")  # ok: FB500, FB501
    return "", 201


class LoginView(MethodView):
    decorators = [limiter.limit("5 per minute")]

    def post(self):
        user = find_user(request.form["username"], request.form["password"])
        if user is None:
            return render_template("login.html", error="Invalid"), 401
        login_user(user)  # known-fp: FB205 default cookie sessions have no server-side id to fix
        resp = redirect(url_for("blog.posts"))
        resp.set_cookie("auth_token", secrets.token_urlsafe(32), secure=True, httponly=True, samesite="Lax")  # ok: FB203
        return resp


blog.add_url_rule("/login", view_func=LoginView.as_view("login"))  # ok: FB800
