from flask import Flask, flash, request
from markupsafe import Markup, escape

app = Flask(__name__)


@app.post("/welcome")
def welcome():
    name = request.form["name"]
    flash(Markup(f"Welcome <b>{name}</b>"))  # expect: FB452
    flash(Markup("<p>" + request.args.get("q", "") + "</p>"))  # expect: FB452
    return Markup(load_bio(name))  # expect: FB452
