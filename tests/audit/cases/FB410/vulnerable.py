import ldap
from ldap3 import Connection, Server
from flask import Flask, request

app = Flask(__name__)
BASE = "dc=example,dc=com"


@app.route("/user")
def user():
    name = request.args.get("name")
    conn = ldap.initialize("ldap://localhost")
    result = conn.search_s(BASE, ldap.SCOPE_SUBTREE, "(uid=" + name + ")")  # expect: FB410
    return str(result)


@app.route("/login", methods=["POST"])
def login():
    conn = Connection(Server("ldap://localhost"), auto_bind=True)
    flt = f"(&(uid={request.form['user']})(objectClass=person))"
    conn.search(BASE, flt, attributes=["cn"])  # expect: FB410
    return str(conn.entries)


@app.route("/kw")
def kw():
    conn = Connection(Server("ldap://localhost"))
    conn.search(search_base=BASE, search_filter="(mail=%s)" % request.args["mail"])  # expect: FB410
    return "ok"
