import sqlite3
from flask import Flask, request, abort
app = Flask(__name__)

@app.route("/a")
def a():
    page = request.args.get("page", "1")
    try:
        int(page)
    except ValueError:
        abort(400)
    return str(sqlite3.connect("x").execute("SELECT * FROM t LIMIT 10 OFFSET " + page).fetchall())  # ok

@app.route("/b")
def b():
    page = request.args.get("page", "1")
    try:
        int(page)
    except ValueError:
        pass
    return str(sqlite3.connect("x").execute("SELECT * FROM t LIMIT 10 OFFSET " + page).fetchall())  # expect: FB401
