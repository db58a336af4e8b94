from flask import Flask, render_template
from werkzeug.exceptions import InternalServerError


def create_app():
    app = Flask(__name__)

    @app.errorhandler(500)
    def server_error(err):
        return f"<pre>{err.original_exception!r}</pre>", 500  # expect: FB600

    @app.errorhandler(InternalServerError)
    def wrapped(err):
        return {"error": "internal", "cause": repr(err.original_exception)}, 500  # expect: FB600

    @app.errorhandler(503)
    def unavailable(err):
        app.logger.error("unavailable: %r", err.original_exception)
        return render_template("503.html", retry=30), 503

    return app
