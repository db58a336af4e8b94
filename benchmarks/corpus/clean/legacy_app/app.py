"""Legacy (fixed): CORS for one origin, escaped LDAP/XPath values, JSON models, verified JWTs."""

import json
import os
import re
import sqlite3
import tarfile
from datetime import timedelta
from urllib.parse import urlsplit

import jwt
import ldap3
from flask import Flask, abort, jsonify, make_response, redirect, render_template, request, session
from flask_cors import CORS
from flask_talisman import Talisman
from flask_wtf.csrf import CSRFProtect
from ldap3.utils.conv import escape_filter_chars
from lxml import etree
from markupsafe import escape
from sqlalchemy import create_engine, text

app = Flask(__name__)
app.secret_key = os.environ["SECRET_KEY"]
app.config.update(
    PERMANENT_SESSION_LIFETIME=timedelta(hours=8),  # ok: FB204
    SESSION_COOKIE_SECURE=True,
    SESSION_COOKIE_SAMESITE="Lax",
    MAX_CONTENT_LENGTH=32 * 1024 * 1024,
)
Talisman(app)
CSRFProtect(app)
CORS(app, origins=["https://portal.example.com"], supports_credentials=True)
engine = create_engine(os.environ["DATABASE_URL"])
USERS_XML = etree.parse("/srv/tool/users.xml")
TABLES = {"events", "logins"}
TENANTS = {"acme.example.com", "globex.example.com"}
CALLBACK = re.compile(r"^[A-Za-z_$][\w$]{0,63}$")


@app.errorhandler(404)
def not_found(e):
    return f"<h1>Not found</h1><p>{escape(request.path)} does not exist</p>", 404  # ok: FB403


@app.errorhandler(500)
def server_error(e):
    return render_template("500.html"), 500


@app.route("/api/user")
def api_user():
    return jsonify(name=session.get("name"))  # ok: FB403


@app.route("/report")
def report():
    table = request.args.get("table", "events")
    if table not in TABLES:
        abort(400)
    with engine.connect() as conn:
        rows = conn.execute(text(f"SELECT count(*) FROM {table}")).all()  # ok: FB401
    return jsonify(count=rows[0][0])


@app.route("/bulk", methods=["POST"])
def bulk():
    con = sqlite3.connect("/srv/tool/tool.db")
    rows = json.loads(request.form["rows"])
    con.executemany("INSERT INTO event (kind, at) VALUES (?, ?)", rows)  # ok: FB401
    con.commit()
    return "", 204


@app.route("/people")
def people():
    uid = escape_filter_chars(request.args["uid"])
    conn = ldap3.Connection(ldap3.Server("ldap://ldap.internal"), auto_bind=True)
    conn.search("ou=people,dc=example,dc=com", f"(uid={uid})", attributes=["cn", "mail"])  # ok: FB410
    return jsonify([e.entry_to_json() for e in conn.entries])


@app.route("/user-xml")
def user_xml():
    nodes = USERS_XML.xpath("//user[@name=$name]/email/text()", name=request.args["name"])  # ok: FB411
    return jsonify(emails=[str(n) for n in nodes])


@app.route("/model", methods=["POST"])
def upload_model():
    weights = json.load(request.files["model"])  # ok: FB408
    return jsonify(layers=len(weights))


@app.route("/restore", methods=["POST"])
def restore():
    with tarfile.open(fileobj=request.files["backup"].stream) as tar:
        tar.extractall("/srv/tool/data", filter="data")  # ok: FB404
    return "", 204


@app.route("/whoami")
def whoami():
    token = request.headers.get("Authorization", "").removeprefix("Bearer ")
    claims = jwt.decode(token, os.environ["JWT_PUBLIC_KEY"], algorithms=["RS256"], audience="tool")
    return jsonify(claims)


@app.route("/sso")
def sso():
    tenant = request.args["tenant"]
    if tenant not in TENANTS:
        abort(400)
    return redirect(f"https://{tenant}/oauth/authorize")  # ok: FB405


@app.route("/bounce")
def bounce():
    target = request.args["to"]
    if urlsplit(target).netloc or not target.startswith("/") or target.startswith("//") or "\\" in target:
        abort(400)
    resp = make_response("", 302)
    resp.headers["Location"] = target  # ok: FB405
    return resp


@app.route("/")
def index():
    return render_template("index.html")


if __name__ == "__main__":
    app.run()
