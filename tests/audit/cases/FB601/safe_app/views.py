from flask import Flask, abort, jsonify, request
from marshmallow import ValidationError

app = Flask(__name__)


@app.post("/import")
def import_data():
    try:
        load()
    except Exception:
        app.logger.exception("import failed")
        return jsonify({"error": "internal error"}), 500
    return jsonify(ok=True)


def helper():
    try:
        load()
    except Exception as e:
        return str(e)


@app.post("/quantity")
def quantity():
    try:
        return jsonify(total=int(request.form["n"]))
    except ValueError as e:
        return jsonify(error=str(e)), 400


@app.post("/profile")
def profile():
    try:
        return jsonify(save_profile(request.get_json()))
    except ValidationError as err:
        abort(422, str(err))
