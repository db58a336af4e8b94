import sqlite3

from flask import Blueprint, Flask, make_response

from .models import Comment, Document, db

app = Flask(__name__)
bp = Blueprint("docs", __name__)


@bp.route("/docs/<int:doc_id>/html")
def doc_html(doc_id):
    doc = db.session.get(Document, doc_id)
    return "<article><h1>" + doc.title + "</h1>" + doc.body + "</article>"  # expect: FB455


@bp.route("/comments/<int:post_id>")
def comments(post_id):
    items = Comment.query.filter_by(post_id=post_id).all()
    html = ""
    for c in items:
        html += f"<li>{c.author}: {c.text}</li>"
    return f"<ul>{html}</ul>"  # known-miss: FB455 values gathered through a local variable


@app.get("/profile/<int:user_id>")
def profile(user_id):
    row = sqlite3.connect("app.db").execute("SELECT * FROM users WHERE id = ?", (user_id,)).fetchone()
    return make_response("<h2>%s</h2><p>%s</p>" % (row["name"], row["bio"]), 200)  # expect: FB455


@app.get("/card/<int:user_id>")
def card(user_id):
    user = db.session.get(Document, user_id)
    return "<div class='card'>{}</div>".format(user.signature), 200  # expect: FB455
