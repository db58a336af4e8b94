import sqlite3

from sqlalchemy import text


def get_db():
    return sqlite3.connect("app.db")


def run_raw(sql):
    return get_db().execute(sql).fetchall()  # expect: FB401


def find_user(email):
    query = text("SELECT * FROM users WHERE email = '" + email + "'")  # expect: FB401
    return get_db().execute(query).fetchone()


def find_user_safely(email):
    return get_db().execute(text("SELECT * FROM users WHERE email = :e"), {"e": email}).fetchone()
