from flask import Flask, render_template
from werkzeug.exceptions import HTTPException

app = Flask(__name__)


@app.errorhandler(Exception)
def handle_error(e):
    app.logger.exception("unhandled error")
    return render_template("500.html"), 500


@app.errorhandler(HTTPException)
def http_error(e):
    return render_template("error.html", code=e.code), e.code
