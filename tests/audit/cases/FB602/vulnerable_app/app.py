from flask import Flask, render_template

app = Flask(__name__)  # expect: FB602


@app.get("/")
def index():
    return render_template("index.html")
