from flask import Flask, render_template

app = Flask(__name__)


@app.get("/")
def index():
    return "hello"


@app.errorhandler(500)
def server_error(e):
    return render_template("500.html"), 500
