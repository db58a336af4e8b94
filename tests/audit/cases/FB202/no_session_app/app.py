from flask import Flask, jsonify

app = Flask(__name__)


@app.get("/api/time")
def now():
    return jsonify(ok=True)
