from flask import Flask, redirect, request, session

app = Flask(__name__)  # expect: FB204


@app.post("/login")
def login():
    session.clear()
    session["user_id"] = request.form["user"]
    session.permanent = True
    return redirect("/")
