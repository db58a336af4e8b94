"""Vulnerable Vault: the reference app written the way the mitigation plan warns against.

DO NOT DEPLOY. Every flaw is deliberate and marked with the rule that must
catch it (``# expect: FBnnn``); the test suite asserts that ``bastion audit``
reports exactly these lines. Never started by the demo.
"""

import hashlib
import logging
import os
import sqlite3
import traceback

from flask import (
    Flask,
    g,
    redirect,
    render_template,
    render_template_string,
    request,
    send_file,
    session,
)

app = Flask(__name__)  # expect: FB201, FB502, FB700, FB701
app.secret_key = "changeme"  # expect: FB111
app.config["SESSION_COOKIE_HTTPONLY"] = False  # expect: FB200
app.config["SESSION_COOKIE_SAMESITE"] = None  # expect: FB202
app.config["PERMANENT_SESSION_LIFETIME"] = 60 * 60 * 24 * 365  # expect: FB204

DATABASE = os.path.join(os.path.dirname(__file__), "vulnerable.sqlite3")
UPLOAD_DIR = os.path.join(os.path.dirname(__file__), "static", "uploads")
log = logging.getLogger("vulnerable")


def db():
    if "db" not in g:
        g.db = sqlite3.connect(DATABASE)
        g.db.row_factory = sqlite3.Row
    return g.db


def init_db():
    db().executescript(
        "CREATE TABLE IF NOT EXISTS users (id INTEGER PRIMARY KEY, email TEXT, password TEXT);"
        "CREATE TABLE IF NOT EXISTS notes (id INTEGER PRIMARY KEY, user_id INTEGER, title TEXT, body TEXT);"
    )


@app.errorhandler(Exception)
def handle_error(e):
    return "<pre>" + traceback.format_exc() + "</pre>", 500  # expect: FB600


@app.route("/register", methods=["GET", "POST"])  # expect: FB300
def register():
    if request.method == "POST":
        email = request.form["email"]
        password = hashlib.md5(request.form["password"].encode()).hexdigest()  # expect: FB430
        db().execute("INSERT INTO users (email, password) VALUES (?, ?)", (email, password))
        db().commit()
        return redirect("/login")
    return render_template("register.html")


@app.route("/login", methods=["GET", "POST"])  # expect: FB300, FB800
def login():
    if request.method == "POST":
        email = request.form["email"]
        password = request.form["password"]
        log.info("login attempt for %s with password %s", email, password)  # expect: FB414, FB802
        digest = hashlib.md5(password.encode()).hexdigest()  # expect: FB430
        query = f"SELECT id FROM users WHERE email = '{email}' AND password = '{digest}'"
        row = db().execute(query).fetchone()  # expect: FB401
        if row:
            session["user_id"] = row["id"]  # expect: FB205
            return redirect(request.args.get("next", "/"))  # expect: FB405
        return render_template("login.html", error="Wrong email or password"), 401
    return render_template("login.html")


@app.route("/logout")
def logout():
    session.pop("user_id", None)
    return redirect("/login")


@app.route("/")
def index():
    notes = db().execute(
        "SELECT id, title FROM notes WHERE user_id = ?", (session.get("user_id"),)
    ).fetchall()
    return render_template("index.html", notes=notes)


@app.route("/notes", methods=["POST"])  # expect: FB300
def create_note():
    db().execute(
        "INSERT INTO notes (user_id, title, body) VALUES (?, ?, ?)",
        (session.get("user_id"), request.form["title"], request.form["body"]),
    )
    db().commit()
    return redirect("/")


@app.route("/notes/<int:note_id>")
def view_note(note_id):
    note = db().execute("SELECT * FROM notes WHERE id = ?", (note_id,)).fetchone()  # expect: FB850
    return render_template("note.html", note=note, body=request.args.get("highlight", ""))  # expect: FB403


@app.route("/notes/<int:note_id>/delete", methods=["POST"])  # expect: FB300
def delete_note(note_id):
    db().execute("DELETE FROM notes WHERE id = ?", (note_id,))  # expect: FB850
    db().commit()
    return redirect("/")


@app.route("/search")
def search():
    term = request.args.get("q", "")
    return render_template_string("<h1>Results for " + term + "</h1>")  # expect: FB402


@app.route("/upload", methods=["POST"])  # expect: FB300
def upload():
    f = request.files["file"]
    f.save(os.path.join(UPLOAD_DIR, f.filename))  # expect: FB500, FB501
    return redirect("/")


@app.route("/download")
def download():
    name = request.args.get("name")
    return send_file(os.path.join(UPLOAD_DIR, name))  # expect: FB551


@app.route("/admin/users")  # expect: FB801
def admin_users():
    users = db().execute("SELECT id, email FROM users").fetchall()
    return {"users": [dict(u) for u in users]}


if __name__ == "__main__":
    with app.app_context():
        init_db()
    app.run(host="0.0.0.0", port=5000, debug=True)  # expect: FB100, FB901
