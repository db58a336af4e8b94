import re

import ldap
from ldap.filter import escape_filter_chars
from flask import Flask, request

app = Flask(__name__)
BASE = "dc=example,dc=com"


@app.route("/user")
def user():
    name = escape_filter_chars(request.args.get("name", ""))
    conn = ldap.initialize("ldap://localhost")
    return str(conn.search_s(BASE, ldap.SCOPE_SUBTREE, "(uid=" + name + ")"))  # ok


@app.route("/regex")
def regex():
    m = re.search(r"\d+", request.args["q"])  # ok
    return m.group(0) if m else ""
