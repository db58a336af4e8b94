"""Legacy: a single-module internal tool (Stack Overflow era): JSONP, LDAP, XPath, ML model uploads, JWT."""

import json
import os
import shutil
import sqlite3
import tarfile
from datetime import timedelta

import joblib
import jwt
import ldap3
from flask import Flask, Response, jsonify, make_response, redirect, render_template, request, session
from flask_cors import CORS
from lxml import etree
from sqlalchemy import create_engine

app = Flask(__name__)  # expect: FB502, FB602, FB700, FB701
app.secret_key = os.environ["SECRET_KEY"]
app.config["PERMANENT_SESSION_LIFETIME"] = timedelta(days=365)  # expect: FB204
app.config["SESSION_COOKIE_SECURE"] = True
app.config["SESSION_COOKIE_SAMESITE"] = "Lax"
CORS(app, origins="*", supports_credentials=True)  # expect: FB702
engine = create_engine(os.environ["DATABASE_URL"])
USERS_XML = etree.parse("/srv/tool/users.xml")


@app.errorhandler(404)
def not_found(e):
    return f"<h1>Not found</h1><p>{request.path} does not exist</p>", 404  # expect: FB403


@app.route("/api/user")
def api_user():
    callback = request.args.get("callback", "cb")
    body = json.dumps({"name": session.get("name")})
    return Response(f"{callback}({body})", mimetype="application/javascript")  # expect: FB403


@app.route("/report")
def report():
    table = request.args.get("table", "events")
    with engine.connect() as conn:
        rows = conn.exec_driver_sql(f"SELECT count(*) FROM {table}").all()  # expect: FB401
    return jsonify(count=rows[0][0])


@app.route("/bulk", methods=["POST"])  # expect: FB300
def bulk():
    con = sqlite3.connect("/srv/tool/tool.db")
    con.executescript(request.form["statements"])  # expect: FB401
    return "", 204


@app.route("/people")
def people():
    uid = request.args["uid"]
    conn = ldap3.Connection(ldap3.Server("ldap://ldap.internal"), auto_bind=True)
    conn.search("ou=people,dc=example,dc=com", f"(uid={uid})", attributes=["cn", "mail"])  # expect: FB410
    return jsonify([e.entry_to_json() for e in conn.entries])


@app.route("/user-xml")
def user_xml():
    name = request.args["name"]
    nodes = USERS_XML.xpath(f"//user[@name='{name}']/email/text()")  # expect: FB411
    return jsonify(emails=[str(n) for n in nodes])


@app.route("/model", methods=["POST"])  # expect: FB300
def upload_model():
    model = joblib.load(request.files["model"])  # expect: FB408
    return jsonify(kind=type(model).__name__)


@app.route("/restore", methods=["POST"])  # expect: FB300
def restore():
    with tarfile.open(fileobj=request.files["backup"].stream) as tar:
        tar.extractall("/srv/tool/data")  # expect: FB404
    return "", 204


@app.route("/copy", methods=["POST"])  # expect: FB300
def copy():
    shutil.copy("/srv/tool/template.cfg", request.form["dest"])  # expect: FB404
    return "", 204


@app.route("/whoami")
def whoami():
    token = request.headers.get("Authorization", "").removeprefix("Bearer ")
    claims = jwt.decode(token, options={"verify_signature": False})  # expect: FB113
    return jsonify(claims)


@app.route("/sso")
def sso():
    return redirect(f"https://{request.args['tenant']}/oauth/authorize")  # expect: FB405


@app.route("/bounce")
def bounce():
    resp = make_response("", 302)
    resp.headers["Location"] = request.args["to"]  # expect: FB405
    return resp


@app.route("/")
def index():
    return render_template("index.html")


if __name__ == "__main__":
    app.run()
