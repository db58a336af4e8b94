from flask import Flask, request, session
from flask_login import login_user

from flask_bastion import Bastion

app = Flask(__name__)
Bastion(app)


@app.post("/login")
def login():
    login_user(load(request.form["email"]))
    return "ok"
