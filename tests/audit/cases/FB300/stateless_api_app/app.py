from flask import Flask, jsonify, request

app = Flask(__name__)


@app.post("/api/convert")
def convert():
    return jsonify(result=float(request.json["amount"]) * 1.1)
