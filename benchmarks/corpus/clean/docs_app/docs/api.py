import hashlib
import json
import logging
import os
import secrets
import string
import subprocess

import bcrypt
import requests
from flask import Blueprint, Response, abort, redirect, request, send_from_directory, url_for
from flask import render_template_string as rts
from flask_jwt_extended import get_jwt_identity, jwt_required
from lxml import etree
from markupsafe import escape
from sqlalchemy import literal_column, select, text
from werkzeug.utils import secure_filename

from . import db, limiter
from .reports import Report

api = Blueprint("api", __name__)
log = logging.getLogger(__name__)
BASE = "/srv/docs/files"
ALPHABET = string.ascii_letters + string.digits
COLUMNS = {"title", "created"}
EXPORTS = {"csv": "to_csv", "json": "to_json"}
PREVIEW_HOSTS = {"thumbs.example.com"}


class Document(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    owner_id = db.Column(db.Integer)
    title = db.Column(db.String(200))
    body = db.Column(db.Text)


@api.route("/report")
def report():
    return Response(json.dumps({"column": request.args.get("column"), "rows": Report(request).run()}), mimetype="application/json")  # ok: FB403


@api.route("/columns")
def columns():
    col = request.args["col"]
    if col not in COLUMNS:
        abort(400)
    stmt = select(literal_column(col)).select_from(text("document"))  # ok: FB401
    return {"rows": [list(r) for r in db.session.execute(stmt)]}


@api.route("/search")
def search():
    stmt = text("SELECT id FROM document WHERE title = :t").bindparams(t=request.args["t"])
    return {"ids": [r.id for r in db.session.execute(stmt)]}  # ok: FB401


@api.route("/docs/<int:doc_id>")
@jwt_required()
def get_doc(doc_id):
    doc = Document.query.filter_by(id=doc_id, owner_id=get_jwt_identity()).first_or_404()  # ok: FB850
    return {"title": doc.title, "body": doc.body}


@api.route("/docs/<int:doc_id>/html")
@jwt_required()
def doc_html(doc_id):
    doc = db.first_or_404(select(Document).filter_by(id=doc_id, owner_id=get_jwt_identity()))
    return f"<article><h1>{escape(doc.title)}</h1>{escape(doc.body)}</article>"


@api.route("/greeting")
def greeting():
    return rts("<p>Hi {{ name }}</p>", name=request.args["name"])  # ok: FB403, FB402


@api.route("/files")
def files():
    return send_from_directory(BASE, request.args["f"])  # ok: FB551


@api.route("/go")
def go():
    return redirect(url_for("api.files", f=request.args["u"]))  # ok: FB405


@api.route("/mirror", methods=["POST"])
@jwt_required()
def mirror():
    repo = request.json["repo"]
    if not repo.startswith("https://git.example.com/"):
        abort(400)
    subprocess.run(["git", "clone", "--", repo, "/srv/docs/mirror"])  # ok: FB406, FB416
    return "", 202


@api.route("/resize", methods=["POST"])
@jwt_required()
def resize():
    w, h = int(request.form["w"]), int(request.form["h"])
    src = os.path.join(BASE, secure_filename(request.form["name"]))
    subprocess.check_output(["convert", src, "-resize", f"{w}x{h}", src + ".small.png"])  # ok: FB406, FB404, FB416
    return "", 204


@api.route("/export/<fmt>")
def export(fmt):
    import docs.exporters as exporters

    if fmt not in EXPORTS:
        abort(404)
    return getattr(exporters, EXPORTS[fmt])()  # ok: FB407, FB417


@api.route("/preview")
def preview():
    host = request.args["host"]
    if host not in PREVIEW_HOSTS:
        abort(400)
    return requests.get(f"https://{host}/preview.png", timeout=3).content  # ok: FB412


@api.route("/lookup")
def lookup():
    r = requests.get("https://api.example.com/items", params={"q": request.args["q"]}, timeout=3)  # ok: FB412
    return r.json()


@api.route("/xml", methods=["POST"])
def parse_xml():
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    doc = etree.fromstring(request.get_data(), parser=parser)  # ok: FB409
    return {"root": doc.tag}


@api.route("/auth/login", methods=["POST"])
@limiter.limit("5 per minute")
def login():
    body = request.get_json()
    log.info("login attempt for user id %s", get_jwt_identity())  # ok: FB802, FB414
    return {"token": invite_code()}


def password_digest(password):
    return bcrypt.hashpw(password.encode(), bcrypt.gensalt()).decode()  # ok: FB430, FB432


def cache_key(user_id, page):
    return hashlib.sha256(f"{user_id}:{page}".encode()).hexdigest()  # ok: FB430


def invite_code():
    return "".join(secrets.choice(ALPHABET) for _ in range(20))  # ok: FB431


@api.route("/bulk-upload", methods=["POST"])
@jwt_required()
def bulk_upload():
    for photo in request.files.getlist("photos"):
        ext = os.path.splitext(photo.filename)[1].lower()
        if ext not in {".jpg", ".png"}:
            abort(400)
        photo.save(os.path.join("/srv/docs/photos", secrets.token_hex(16) + ext))  # ok: FB500, FB501
    return "", 201


@api.route("/crash")
def crash():
    try:
        1 / 0
    except ZeroDivisionError:
        log.exception("crash")
        return {"error": "internal error"}, 500  # ok: FB601
