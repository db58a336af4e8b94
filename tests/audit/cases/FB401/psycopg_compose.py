import psycopg2
from flask import Flask, request
from psycopg2 import sql

app = Flask(__name__)
conn = psycopg2.connect("dbname=app")


@app.route("/table")
def table():
    cur = conn.cursor()
    query = sql.SQL("SELECT * FROM {} WHERE owner = %s").format(sql.Identifier(request.args["t"]))
    cur.execute(query, (request.args["owner"],))  # ok
    return {"rows": cur.fetchall()}


@app.route("/table-raw")
def table_raw():
    cur = conn.cursor()
    cur.execute("SELECT * FROM {} WHERE owner = %s".format(request.args["t"]), (1,))  # expect: FB401
    return {"rows": cur.fetchall()}


@app.route("/raw-composed")
def raw_composed():
    cur = conn.cursor()
    cur.execute(sql.SQL("SELECT * FROM {} LIMIT 10").format(sql.SQL(request.args["t"])))  # expect: FB401
    return {"rows": cur.fetchall()}
