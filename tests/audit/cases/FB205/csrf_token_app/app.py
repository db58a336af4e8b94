from flask import Flask, redirect, request, session
from flask_wtf.csrf import CSRFProtect

app = Flask(__name__)
CSRFProtect(app)


@app.post("/login")
def login():
    user = authenticate(request.form["email"], request.form["password"])
    session["user_id"] = user.id  # expect: FB205
    return redirect("/")
