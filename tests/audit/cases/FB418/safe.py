import re

from flask import Flask, abort, jsonify, request

app = Flask(__name__)
NAMES = ["alice", "bob", "carol"]
SLUG = re.compile(r"^[a-z0-9-]{1,64}$")


@app.get("/search")
def search():
    q = re.escape(request.args.get("q", ""))
    return jsonify([n for n in NAMES if re.search(q, n)])  # ok


@app.get("/check")
def check():
    # request data as the text searched, with a fixed pattern
    slug = request.args.get("slug", "")
    if not SLUG.match(slug):
        abort(400)
    return jsonify(ok=bool(re.fullmatch(r"[a-z0-9-]+", slug)))  # ok


@app.get("/sort")
def sort():
    field = request.args.get("field", "name")
    if field not in ("name", "date"):
        abort(400)
    return jsonify(pattern=re.compile(field).pattern)  # ok
