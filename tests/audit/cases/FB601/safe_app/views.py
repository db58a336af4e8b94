from flask import Flask, jsonify

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
