from flask import Flask, jsonify, render_template
from markupsafe import escape

from .models import Document, db

app = Flask(__name__)


@app.get("/docs/<int:doc_id>")
def doc_page(doc_id):
    doc = db.session.get(Document, doc_id)
    return render_template("doc.html", doc=doc)


@app.get("/docs/<int:doc_id>/html")
def doc_html(doc_id):
    doc = db.session.get(Document, doc_id)
    return f"<article><h1>{escape(doc.title)}</h1>{escape(doc.body)}</article>"


@app.get("/docs/<int:doc_id>/badge")
def badge(doc_id):
    doc = db.session.get(Document, doc_id)
    return f"<span class='badge'>#{doc.id} ({doc.comment_count})</span>"


@app.get("/docs/<int:doc_id>.json")
def doc_json(doc_id):
    doc = db.session.get(Document, doc_id)
    return jsonify(title=doc.title, body=doc.body)


@app.get("/docs/<int:doc_id>.txt")
def doc_text(doc_id):
    doc = db.session.get(Document, doc_id)
    return doc.title + "\n\n" + doc.body, 200, {"Content-Type": "text/plain"}
