"""Files: the upload/download tutorial app (UPLOAD_FOLDER, send_file, open)."""

import os

from flask import Flask


def create_app():
    app = Flask(__name__)  # expect: FB502, FB602, FB700
    app.config["SECRET_KEY"] = os.environ["SECRET_KEY"]
    app.config["UPLOAD_FOLDER"] = "/srv/uploads"
    from .views import files

    app.register_blueprint(files)
    return app
