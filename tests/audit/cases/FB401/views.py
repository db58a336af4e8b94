import sqlite3

from flask import Blueprint, Flask, request
from flask import request as rq
import flask
from sqlalchemy import text

from shop.db import get_db, run_raw, find_user

app = Flask(__name__)
bp = Blueprint("search", __name__)
DEBUG = False
ALWAYS = True


@app.route("/users")
def users():
    name = request.args.get("name", "")
    db = sqlite3.connect("app.db")
    cur = db.cursor()
    cur.execute("SELECT * FROM users WHERE name = '%s'" % name)  # expect: FB401
    return {"rows": cur.fetchall()}


@app.route("/users/<username>")
def by_route(username):
    db = get_db()
    sql = f"SELECT * FROM users WHERE username = '{username}'"
    rows = db.execute(sql).fetchall()  # expect: FB401
    return {"rows": rows}


@bp.route("/orders")
def orders():
    order = rq.form["order"]
    query = "SELECT * FROM orders ORDER BY " + order
    return {"rows": get_db().execute(text(query)).all()}  # expect: FB401


@bp.post("/items")
def items():
    data = flask.request.get_json()
    q = "DELETE FROM items WHERE id = {}".format(data["id"])
    get_db().executescript(q)  # expect: FB401
    return "", 204


@app.route("/helper")
def through_helper():
    # the sink is in another module; the finding is where the query runs
    return {"rows": run_raw("SELECT * FROM t WHERE a = '" + request.args["a"] + "'")}


@app.route("/find")
def through_builder():
    return {"user": find_user(request.values.get("email"))}


@app.route("/always")
def always_taken():
    q = "SELECT 1"
    if ALWAYS:
        q = "SELECT * FROM t WHERE c = '" + request.args["c"] + "'"
    return {"rows": get_db().execute(q).all()}  # expect: FB401


@app.route("/container")
def container():
    filters = {"name": request.args["name"], "order": "id"}
    parts = []
    parts.append(filters["name"])
    where = " AND ".join("name = '%s'" % p for p in parts)
    return {"rows": get_db().execute("SELECT * FROM t WHERE " + where).all()}  # expect: FB401


class Repo:
    def __init__(self, conn):
        self.conn = conn

    def search(self, term):
        return self.conn.execute(f"SELECT * FROM t WHERE term LIKE '%{term}%'")  # expect: FB401


@app.route("/repo")
def repo_search():
    return {"rows": Repo(get_db()).search(request.args["q"]).fetchall()}


@app.route("/cookie")
def cookie_sql():
    theme = request.cookies.get("theme")
    import pandas as pd
    return pd.read_sql("SELECT * FROM themes WHERE name = '%s'" % theme, get_db()).to_html()  # expect: FB401
