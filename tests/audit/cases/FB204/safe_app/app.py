from datetime import timedelta

from flask import Flask, session

app = Flask(__name__)
app.config["PERMANENT_SESSION_LIFETIME"] = timedelta(hours=8)


@app.post("/login")
def login():
    session.clear()
    return "ok"
