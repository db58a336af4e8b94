import asyncio
import hashlib
import random
import sqlite3
import uuid
from concurrent.futures import ThreadPoolExecutor

import jsonpickle
import pandas as pd
import requests
from flask import Blueprint, current_app, flash, jsonify, redirect, render_template, request, url_for
from flask.views import MethodView
from flask_login import login_required, login_user
from markupsafe import Markup

from . import csrf
from .forms import CommentForm
from .models import Account, Invoice, find_user

blog = Blueprint("blog", __name__)
executor = ThreadPoolExecutor(2)


def db():
    return sqlite3.connect("/srv/blog/blog.db")


@blog.route("/posts")
def posts():
    ids = request.args.getlist("id")
    sql = "SELECT * FROM post WHERE id IN (%s)" % ",".join(ids)
    return jsonify(db().execute(sql).fetchall())  # expect: FB401


@blog.route("/stats")
def stats():
    author = request.args.get("author", "")
    frame = pd.read_sql(f"SELECT day, views FROM stats WHERE author = '{author}'", db())  # expect: FB401
    return frame.to_json()


@blog.route("/raw")
def raw():
    return request.args.get("q", ""), 200  # expect: FB403


@blog.route("/welcome")
def welcome():
    flash(Markup(f"Welcome back, <b>{request.args['name']}</b>!"))  # expect: FB452; expect: FB403
    return redirect(url_for("blog.posts"))


@blog.route("/comment", methods=["POST"])
def comment():
    form = CommentForm()
    if form.validate_on_submit():
        return redirect(request.form.get("next", "/"))  # expect: FB405
    return render_template("comment.html", form=form)


def refresh_feed(url):
    return requests.get(url, timeout=10).text  # expect: FB412


@blog.route("/feeds", methods=["POST"])
@login_required
def add_feed():
    executor.submit(refresh_feed, request.form["feed_url"])
    return "", 202


async def run_shell(cmd):
    proc = await asyncio.create_subprocess_shell(cmd)  # expect: FB406
    return await proc.wait()


@blog.route("/thumbnail", methods=["POST"])
@login_required
def thumbnail():
    name = request.form["image"]
    return jsonify(rc=asyncio.run(run_shell(f"convert /srv/blog/{name} -resize 200 /srv/blog/thumb.png")))


@blog.route("/import", methods=["POST"])
@login_required
def import_posts():
    posts = jsonpickle.decode(request.get_data(as_text=True))  # expect: FB408
    return jsonify(count=len(posts))


def hash_password(password, salt):
    return hashlib.sha256((salt + password).encode()).hexdigest()  # expect: FB430


def new_session_id():
    return str(random.random())[2:]  # expect: FB431


def reset_token():
    return uuid.uuid1().hex  # expect: FB431


@blog.route("/invoices/<int:invoice_id>")
@login_required
def invoice(invoice_id):
    inv = Invoice.query.filter(Invoice.id == invoice_id).first()  # expect: FB850
    return render_template("invoice.html", invoice=inv)


@blog.route("/account")
@login_required
def account():
    acct = Account.query.get(request.args["account_id"])  # expect: FB850
    return render_template("account.html", account=acct)


@blog.route("/report")
@login_required
def report():
    try:
        return render_template("report.html", rows=build_report())
    except Exception as e:
        return render_template("error.html", error=e), 500  # expect: FB601


def build_report():
    raise RuntimeError(current_app.config["UPLOAD_FOLDER"])


@blog.route("/upload", methods=["POST"])
@login_required
def upload():
    f = request.files["file"]
    f.save(current_app.config["UPLOAD_FOLDER"] + "/" + f.filename)  # expect: FB500, FB501
    return "", 201


@blog.route("/api/session", methods=["POST"])
@csrf.exempt  # expect: FB302
@login_required
def update_profile():
    current_app.logger.info("profile update")
    return jsonify(ok=True)


class LoginView(MethodView):
    def post(self):
        user = find_user(request.form["username"], request.form["password"])
        if user is None:
            return render_template("login.html", error="Invalid"), 401
        login_user(user)  # known-fp: FB205 default cookie sessions have no server-side id to fix
        resp = redirect(url_for("blog.posts"))
        resp.set_cookie("auth_token", uuid.uuid4().hex, httponly=False)  # expect: FB203
        return resp


blog.add_url_rule("/login", view_func=LoginView.as_view("login"))  # expect: FB800
