import traceback

from flask import Flask, jsonify

app = Flask(__name__)


@app.errorhandler(Exception)
def handle_error(e):
    return "<pre>" + traceback.format_exc() + "</pre>", 500  # expect: FB600


@app.errorhandler(500)
def server_error(error):
    return jsonify(error=str(error)), 500  # expect: FB600


def not_found(error):
    return f"Not found: {error}", 404  # expect: FB600


app.register_error_handler(404, not_found)
