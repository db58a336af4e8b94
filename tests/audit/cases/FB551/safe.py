import io

from flask import Flask, request, send_file, send_from_directory
from werkzeug.utils import secure_filename

app = Flask(__name__)
UPLOADS = "/srv/uploads"


@app.route("/download")
def download():
    return send_from_directory(UPLOADS, request.args.get("file"), as_attachment=True)  # ok


@app.route("/clean")
def clean():
    return send_file(UPLOADS + "/" + secure_filename(request.args["f"]))  # ok


@app.route("/generated")
def generated():
    data = io.BytesIO(request.args.get("text", "").encode())
    return send_file(data, mimetype="text/plain", download_name="echo.txt")  # ok
