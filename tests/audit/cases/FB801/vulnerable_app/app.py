from flask import Flask
from flask_login import login_required

app = Flask(__name__)


@app.route("/admin/users")  # expect: FB801
def admin_users():
    return list_users()


@app.route("/debug/config")  # expect: FB801
def debug_config():
    return dict(app.config)


@app.get("/notes")
@login_required
def notes():
    return "notes"


@app.post("/notes/<int:note_id>/delete")  # expect: FB801
def delete_note(note_id):
    return "deleted"


@app.get("/about")
def about():
    return "about"
