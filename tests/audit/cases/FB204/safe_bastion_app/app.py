from flask import Flask, session

from flask_bastion import Bastion

app = Flask(__name__)
Bastion(app)


@app.post("/login")
def login():
    session["user_id"] = 1
    return "ok"
