from flask import Flask, request
from markupsafe import Markup

app = Flask(__name__)


def clean_html(text):
    return text.replace("<", "").replace(">", "")


@app.post("/books/<int:book_id>/description")
def edit_description(book_id):
    raw = Markup(request.form["description"]).unescape()
    save_description(book_id, clean_html(raw))
    title = Markup(request.form["title"]).striptags()
    return {"title": title}


@app.get("/preview")
def preview():
    return Markup(request.args["html"])  # expect: FB403
