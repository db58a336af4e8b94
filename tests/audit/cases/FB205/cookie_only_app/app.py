from flask import Flask, redirect, request, session

app = Flask(__name__)


@app.post("/login")
def login():
    user = authenticate(request.form["email"], request.form["password"])
    session["user_id"] = user.id  # expect: FB205
    return redirect("/")
