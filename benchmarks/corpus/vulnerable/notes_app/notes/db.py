import sqlite3

from flask import current_app, g


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
    # Helper shared by the search page and the API: the caller passes raw input.
    sql = "SELECT id, title, body FROM note WHERE title LIKE '%" + term + "%'"
    return get_db().execute(sql).fetchall()  # expect: FB401


def notes_by_tag(tag, order):
    query = "SELECT * FROM note WHERE tag = '{}' ORDER BY {}".format(tag, order)
    return get_db().execute(query).fetchall()  # expect: FB401
