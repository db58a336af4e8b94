import sqlite3

from flask import current_app, g

ORDERS = {"created": "created DESC", "title": "title ASC"}


def get_db():
    if "db" not in g:
        g.db = sqlite3.connect(current_app.config["DATABASE"])
        g.db.row_factory = sqlite3.Row
    return g.db


def close_db(e=None):
    db = g.pop("db", None)
    if db is not None:
        db.close()


def init_app(app):
    app.teardown_appcontext(close_db)


def search_notes(term):
    sql = "SELECT id, title, body FROM note WHERE title LIKE ?"
    return get_db().execute(sql, (f"%{term}%",)).fetchall()  # ok: FB401


def notes_by_tag(tag, order):
    query = "SELECT * FROM note WHERE tag = ? ORDER BY " + ORDERS.get(order, "created DESC")
    return get_db().execute(query, (tag,)).fetchall()  # ok: FB401
