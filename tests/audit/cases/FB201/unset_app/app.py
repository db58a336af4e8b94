from flask import Flask, session

app = Flask(__name__)  # expect: FB201


@app.route("/")
def index():
    return {"visits": session.get("visits", 0)}
