import os

from flask import Flask, session

from flask_bastion import Bastion

app = Flask(__name__)
# The prefix needs Secure, so it follows the profile.
app.config["BASTION_COOKIE_HOST_PREFIX"] = os.environ.get("BASTION_PROFILE") != "development"
Bastion(app)


@app.post("/cart")
def add_to_cart():
    session["cart"] = [1, 2]
    return "ok"
