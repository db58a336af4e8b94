from flask import Flask
from flask_talisman import Talisman

app = Flask(__name__)
Talisman(app, force_https=False)  # expect: FB701


@app.get("/")
def index():
    return "hello"
