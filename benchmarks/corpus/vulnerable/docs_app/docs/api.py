import hashlib
import json
import logging
import os
import random
import string
import subprocess
import traceback
import xml.sax

import numpy
import requests
from flask import Blueprint, Response, redirect, request, send_file, send_from_directory
from flask import render_template_string as rts
from flask_jwt_extended import get_jwt_identity, jwt_required
from sqlalchemy import literal_column, select, text

from . import db
from .reports import Report

api = Blueprint("api", __name__)
log = logging.getLogger(__name__)
BASE = "/srv/docs/files/"
ALPHABET = string.ascii_letters + string.digits


class Document(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    owner_id = db.Column(db.Integer)
    title = db.Column(db.String(200))
    body = db.Column(db.Text)


@api.route("/report")
def report():
    return Response(json.dumps({"column": request.args.get("column"), "rows": Report(request).run()}))  # expect: FB403


@api.route("/report/owner")
def report_owner():
    return {"rows": Report(request).by_owner(request.args.get("order", "id"))}


@api.route("/columns")
def columns():
    stmt = select(literal_column(request.args["col"])).select_from(text("document"))  # expect: FB401
    return {"rows": [list(r) for r in db.session.execute(stmt)]}


@api.route("/docs/<int:doc_id>")
@jwt_required()
def get_doc(doc_id):
    doc = Document.query.get_or_404(doc_id)  # expect: FB850
    log.info("user %s read %s", get_jwt_identity(), doc_id)
    return {"title": doc.title, "body": doc.body}


@api.route("/docs/<int:doc_id>/html")
def doc_html(doc_id):
    doc = db.session.get(Document, doc_id)
    return "<article><h1>" + doc.title + "</h1>" + doc.body + "</article>"  # expect: FB455


@api.route("/greeting")
def greeting():
    page = rts("<p>Hi {{ name|safe }}</p>", name=request.args["name"])  # expect: FB403
    return page


@api.route("/welcome")
def welcome():
    tpl = open("/srv/docs/welcome.html").read().replace("$NAME", request.args["name"])
    return rts(tpl)  # expect: FB402


@api.route("/files")
def files():
    return send_file(BASE + request.args["f"])  # expect: FB551


@api.route("/assets")
def assets():
    return send_from_directory(request.args["dir"], "index.json")  # expect: FB551


@api.route("/go")
def go():
    return "", 302, {"Location": request.args["u"]}  # expect: FB405


@api.route("/clone", methods=["POST"])
@jwt_required()
def clone():
    repo = request.json["repo"]
    subprocess.run(f"git clone --depth 1 {repo} /srv/docs/repos/", shell=True)  # expect: FB406
    return "", 202


@api.route("/mirror", methods=["POST"])
@jwt_required()
def mirror():
    subprocess.run(["git", "clone", request.json["repo"], "/srv/docs/mirror"])  # expect: FB416
    return "", 202


@api.route("/transform", methods=["POST"])
@jwt_required()
def transform():
    expr = request.json["expr"]
    fn = eval(f"lambda row: {expr}")  # expect: FB407
    return {"out": [fn(r) for r in range(3)]}


@api.route("/export/<fmt>")
def export(fmt):
    import docs.exporters as exporters

    return getattr(exporters, fmt)()  # expect: FB417


@api.route("/arrays", methods=["POST"])
@jwt_required()
def arrays():
    arr = numpy.load(request.files["a"], allow_pickle=True)  # expect: FB408
    return {"shape": list(arr.shape)}


@api.route("/preview")
def preview():
    url = "http://{host}/preview.png".format(host=request.args["host"])
    return requests.get(url, timeout=3).content  # expect: FB412


@api.route("/sax", methods=["POST"])
def sax():
    parser = xml.sax.make_parser()
    parser.setFeature(xml.sax.handler.feature_external_ges, True)
    parser.parse(request.files["doc"])  # expect: FB409
    return "", 204


@api.route("/auth/login", methods=["POST"])  # expect: FB800
def login():
    body = request.get_json()
    log.info("login %s %s", body["username"], body.get("password"))  # expect: FB802, FB414
    return {"token": invite_code()}


def password_digest(password):
    return hashlib.new("md5", password.encode()).hexdigest()  # expect: FB430


def invite_code():
    return "".join(random.sample(ALPHABET, 20))  # expect: FB431


@api.route("/bulk-upload", methods=["POST"])
@jwt_required()
def bulk_upload():
    for photo in request.files.getlist("photos"):
        photo.save(os.path.join("/srv/docs/photos", photo.filename))  # expect: FB500, FB501
    return "", 201


@api.route("/crash")
def crash():
    try:
        1 / 0
    except ZeroDivisionError:
        return {"error": traceback.format_exc()}, 500  # expect: FB601
