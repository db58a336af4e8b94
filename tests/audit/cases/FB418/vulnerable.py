import re

from flask import Flask, jsonify, request

app = Flask(__name__)
NAMES = ["alice", "bob", "carol"]


@app.get("/search")
def search():
    q = request.args.get("q", "")
    return jsonify([n for n in NAMES if re.search(q, n)])  # expect: FB418


@app.post("/filters")
def add_filter():
    pattern = re.compile(request.json["pattern"], re.I)  # expect: FB418
    return jsonify(ok=bool(pattern.pattern))


@app.get("/highlight")
def highlight():
    word = request.args["word"]
    text = "a long article body"
    return re.sub(f"({word})", r"<mark>\1</mark>", text)  # expect: FB418
