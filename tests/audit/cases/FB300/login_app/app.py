from flask import Flask, redirect, request
from flask_login import LoginManager, login_required

app = Flask(__name__)
login_manager = LoginManager(app)


@app.post("/settings/email")  # expect: FB300
@login_required
def change_email():
    update_email(request.form["email"])
    return redirect("/settings")


@app.post("/api/items")
@jwt_required()
def create_item():
    return {"ok": True}


@app.post("/api/notes")
@login_required
def create_note():
    return save_note(request.get_json())
