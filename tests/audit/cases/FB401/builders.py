import sqlite3

import sqlalchemy as sa
from flask import Flask, request

from shop.models import User, db

app = Flask(__name__)
COLUMNS = {"name", "email"}


def find(email):
    return None  # a stub: its result is not a constant to branch on


@app.route("/like")
def like():
    stmt = sa.select(User).where(User.name.like(f"%{request.args['q']}%"))
    return {"rows": db.session.execute(stmt).scalars().all()}  # ok


@app.route("/bound")
def bound():
    stmt = sa.text("SELECT * FROM users WHERE name = :n").bindparams(n=request.args["n"])
    return {"rows": db.session.execute(stmt).all()}  # ok


@app.route("/column")
def column():
    col = request.args.get("col", "name")
    col = col if col in COLUMNS else "name"
    con = sqlite3.connect("app.db")
    return {"rows": con.execute(f"SELECT {col} FROM users").fetchall()}  # ok


@app.route("/stub")
def stub():
    user = find(request.args["email"])
    if user:
        return {"rows": sqlite3.connect("x").execute("SELECT * FROM t WHERE e = '" + request.args["email"] + "'").fetchall()}  # expect: FB401
    return {}
