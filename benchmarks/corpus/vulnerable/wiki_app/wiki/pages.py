import binascii
import hashlib
import os
import pickle
import random
import sqlite3

from flask import Blueprint, abort, current_app, make_response, redirect, request, send_file, session
from flask.views import View
from flask_login import current_user, login_required
from lxml import etree
from markupsafe import Markup as M
from psycopg2 import sql

from .fetch import Downloader
from .models import Page, db

pages = Blueprint("pages", __name__)


def wiki_db():
    return sqlite3.connect("/srv/wiki/wiki.db")


class ShowPage(View):
    def dispatch_request(self, slug):
        cur = wiki_db().cursor()
        cur.execute("SELECT title, html FROM pages WHERE slug = '" + slug + "'")  # expect: FB401
        return {"page": cur.fetchone()}


pages.add_url_rule("/p/<slug>", view_func=ShowPage.as_view("show"))


@pages.route("/table-dump")
@login_required
def table_dump():
    import psycopg2

    with psycopg2.connect() as conn, conn.cursor() as cur:
        cur.execute(sql.SQL("SELECT * FROM {} LIMIT 10").format(sql.SQL(request.args["t"])))  # expect: FB401
        return {"rows": cur.fetchall()}


@pages.route("/badge")
def badge():
    return M("<span class='badge'>" + request.args["label"] + "</span>")  # expect: FB452, FB403


@pages.route("/title")
def title():
    return make_response(f"<h1>{request.headers.get('X-Page-Title', '')}</h1>")  # expect: FB403


@pages.route("/theme.css")
def theme():
    with open(os.path.join(current_app.static_folder, request.args["theme"], "style.css")) as fh:  # expect: FB404
        return fh.read(), 200, {"Content-Type": "text/css"}


@pages.route("/raw")
@login_required
def raw():
    return send_file(request.args["path"])  # expect: FB551


def back():
    return redirect(request.args.get("next", "/"), code=303)  # expect: FB405


@pages.route("/done")
def done():
    return back()


@pages.route("/pdf", methods=["POST"])
@login_required
def pdf():
    path = request.form["path"]
    os.system("pdftotext '%s' /tmp/out.txt" % path)  # expect: FB406
    return "", 204


@pages.route("/macro", methods=["POST"])
@login_required
def macro():
    exec(request.files["script"].read())  # expect: FB407
    return "", 204


@pages.route("/draft")
@login_required
def draft():
    with open(os.path.join("/srv/wiki/drafts", request.cookies["draft"]), "rb") as fh:  # expect: FB404
        return {"draft": pickle.load(fh)}  # (the unpickled file is chosen by the cookie: FB404 above)


@pages.route("/import-image", methods=["POST"])
@login_required
def import_image():
    data = Downloader().fetch(request.form["image_url"])
    return {"size": len(data)}


@pages.route("/pages/<int:page_id>/edit", methods=["POST"])
@login_required
def edit_page(page_id):
    page = Page.query.filter_by(id=page_id).one()  # expect: FB850
    page.content = request.form["content"]
    db.session.commit()
    return redirect(f"/p/{page.slug}")


@pages.route("/2fa/verify", methods=["POST"])  # expect: FB800
@login_required
def verify_otp():
    if request.form["code"] == session.get("otp"):
        session["mfa"] = True
        return redirect("/")
    abort(401)


def hash_pw(password, salt):
    return hashlib.pbkdf2_hmac("sha256", password.encode(), salt, 1000)  # expect: FB432


def api_token():
    return binascii.hexlify(random.randbytes(16)).decode()  # expect: FB431


@pages.route("/debug-auth")
@login_required
def debug_auth():
    current_app.logger.debug("Auth header: %s", request.headers.get("Authorization"))  # expect: FB414, FB802
    return "", 204


@pages.route("/upload", methods=["POST"])
@login_required
def upload():
    from werkzeug.utils import secure_filename

    f = request.files["file"]
    f.save(os.path.join(current_app.config["UPLOAD_FOLDER"], secure_filename(f.filename)))  # expect: FB501
    return "", 201


@pages.route("/svg", methods=["POST"])
@login_required
def svg():
    parser = etree.XMLParser(load_dtd=True, resolve_entities=True)
    doc = etree.parse(request.files["svg"], parser)  # expect: FB409
    return {"root": doc.getroot().tag}


@pages.route("/role", methods=["POST"])
@login_required
def role():
    session["role"] = request.form["role"]  # expect: FB415
    return "", 204
