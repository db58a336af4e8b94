import sqlite3

from flask import Flask, request
from sqlalchemy import select, text

from shop.db import find_user_safely, get_db

app = Flask(__name__)
DEBUG = False
SORTABLE = {"name", "created"}


@app.route("/users")
def users():
    name = request.args.get("name", "")
    cur = sqlite3.connect("app.db").cursor()
    cur.execute("SELECT * FROM users WHERE name = ?", (name,))  # ok
    return {"rows": cur.fetchall()}


@app.route("/named")
def named():
    stmt = text("SELECT * FROM users WHERE name = :name")  # ok
    return {"rows": get_db().execute(stmt, {"name": request.args["name"]}).all()}  # ok


@app.route("/page")
def page():
    page = int(request.args.get("page", 1))
    limit = request.args.get("limit", 20, type=int)
    q = f"SELECT * FROM t LIMIT {limit} OFFSET {page * limit}"
    return {"rows": get_db().execute(q).all()}  # ok


@app.route("/sort")
def sort():
    column = request.args.get("sort", "name")
    if column not in SORTABLE:
        column = "name"
    return {"rows": get_db().execute("SELECT * FROM t ORDER BY " + column).all()}  # ok


@app.route("/sort2")
def sort2():
    column = request.args.get("sort", "name")
    if column not in SORTABLE:
        return {"error": "bad column"}, 400
    return {"rows": get_db().execute(f"SELECT * FROM t ORDER BY {column}").all()}  # ok


@app.route("/dead")
def dead_branch():
    q = "SELECT 1"
    if DEBUG:
        q = "SELECT * FROM t WHERE c = '" + request.args["c"] + "'"
    return {"rows": get_db().execute(q).all()}  # ok


@app.route("/constant")
def replaced():
    kind = request.args.get("kind")
    if kind == "a":
        table = "alpha"
    else:
        table = "beta"
    return {"rows": get_db().execute("SELECT * FROM " + table).all()}  # ok


@app.route("/keys")
def other_key():
    d = {"user": request.args["user"], "table": "accounts"}
    return {"rows": get_db().execute("SELECT * FROM " + d["table"]).all()}  # ok


@app.route("/numeric/<int:item_id>")
def numeric(item_id):
    return {"rows": get_db().execute("SELECT * FROM t WHERE id = %d" % item_id).all()}  # ok


@app.route("/orm")
def orm():
    from shop.models import User

    return {"user": User.query.filter_by(name=request.args["name"]).first()}  # ok


@app.route("/find")
def find():
    return {"user": find_user_safely(request.args["email"])}


@app.route("/percent")
def percent_numeric():
    uid = request.args["id"]
    return {"rows": get_db().execute("SELECT * FROM t WHERE id = %d" % int(uid)).all()}  # ok
