import hashlib
import json
import os
import secrets
import sqlite3
import subprocess
import uuid

from flask import Blueprint, abort, current_app, make_response, redirect, request, send_from_directory, session, url_for
from flask.views import View
from flask_login import current_user, login_required
from lxml import etree
from markupsafe import Markup as M
from markupsafe import escape
from psycopg2 import sql

from . import csrf
from .fetch import Downloader
from .models import Page, db

pages = Blueprint("pages", __name__)
THEMES = {"light": "themes/light", "dark": "themes/dark"}
TABLES = {"pages", "revisions"}
ROLES = {"reader", "editor"}
UPLOAD_TYPES = {".png", ".jpg", ".pdf"}


def wiki_db():
    return sqlite3.connect("/srv/wiki/wiki.db")


class ShowPage(View):
    def dispatch_request(self, slug):
        cur = wiki_db().cursor()
        cur.execute("SELECT title, html FROM pages WHERE slug = ?", (slug,))  # ok: FB401
        return {"page": cur.fetchone()}


pages.add_url_rule("/p/<slug>", view_func=ShowPage.as_view("show"))


@pages.route("/table-dump")
@login_required
def table_dump():
    import psycopg2

    table = request.args["t"]
    if table not in TABLES:
        abort(404)
    with psycopg2.connect() as conn, conn.cursor() as cur:
        cur.execute(sql.SQL("SELECT * FROM {} LIMIT 10").format(sql.Identifier(table)))  # ok: FB401
        return {"rows": cur.fetchall()}


@pages.route("/badge")
def badge():
    return M("<span class='badge'>%s</span>") % request.args["label"]  # ok: FB452, FB403


@pages.route("/title")
def title():
    return make_response(f"<h1>{escape(request.headers.get('X-Page-Title', ''))}</h1>")  # ok: FB403


@pages.route("/theme.css")
def theme():
    folder = THEMES.get(request.args.get("theme"), THEMES["light"])
    with open(os.path.join(current_app.static_folder, folder, "style.css")) as fh:  # ok: FB404
        return fh.read(), 200, {"Content-Type": "text/css"}


@pages.route("/raw")
@login_required
def raw():
    return send_from_directory("/srv/wiki/raw", request.args["path"])  # ok: FB551


@pages.route("/done")
def done():
    return redirect(url_for("pages.show", slug=request.args.get("slug", "home")), code=303)  # ok: FB405


@pages.route("/pdf", methods=["POST"])
@login_required
def pdf():
    name = os.path.basename(request.form["path"])
    subprocess.run(["pdftotext", "--", os.path.join("/srv/wiki/pdf", name), "/tmp/out.txt"], check=False)  # ok: FB406
    return "", 204


@pages.route("/draft")
@login_required
def draft():
    draft_id = uuid.UUID(request.cookies["draft"])
    with open(os.path.join("/srv/wiki/drafts", f"{draft_id}.json"), "rb") as fh:  # ok: FB404
        return {"draft": json.load(fh)}  # ok: FB408


@pages.route("/import-image", methods=["POST"])
@login_required
def import_image():
    data = Downloader().fetch(request.form["image_url"])
    return {"size": len(data)}


@pages.route("/pages/<int:page_id>/edit", methods=["POST"])
@login_required
def edit_page(page_id):
    page = Page.query.filter_by(id=page_id).one()  # ok: FB850
    if page.author_id != current_user.id:
        abort(403)
    page.content = request.form["content"]
    db.session.commit()
    return redirect(url_for("pages.show", slug=page.slug))


def hash_pw(password, salt):
    return hashlib.pbkdf2_hmac("sha256", password.encode(), salt, 600_000)  # ok: FB430, FB432


def api_token():
    return secrets.token_hex(16)  # ok: FB431


@pages.route("/debug-auth")
@login_required
def debug_auth():
    current_app.logger.debug("auth header present: %s", "Authorization" in request.headers)  # ok: FB802
    return "", 204


@pages.route("/upload", methods=["POST"])
@login_required
def upload():
    f = request.files["file"]
    ext = os.path.splitext(f.filename)[1].lower()
    if ext not in UPLOAD_TYPES:
        abort(400)
    f.save(os.path.join(current_app.config["UPLOAD_FOLDER"], secrets.token_hex(8) + ext))  # ok: FB501, FB500
    return "", 201


@pages.route("/svg", methods=["POST"])
@login_required
def svg():
    parser = etree.XMLParser(load_dtd=False, resolve_entities=False, no_network=True)
    doc = etree.parse(request.files["svg"], parser)  # ok: FB409
    return {"root": doc.getroot().tag}


@pages.route("/role", methods=["POST"])
@login_required
def role():
    session["role"] = current_user.role  # ok: FB415
    return "", 204


@pages.route("/hooks/build", methods=["POST"])
@csrf.exempt  # ok: FB302
def build_hook():
    expected = current_app.config["BUILD_HOOK_TOKEN"]
    if not secrets.compare_digest(request.headers.get("X-Hook-Token", ""), expected):
        abort(403)
    return "", 202
