from flask import Flask, session

app = Flask(__name__)
app.config["SESSION_COOKIE_NAME"] = "__Host-session"
app.config["SESSION_COOKIE_SECURE"] = True


@app.post("/cart")
def add_to_cart():
    session["cart"] = [1, 2]
    return "ok"
