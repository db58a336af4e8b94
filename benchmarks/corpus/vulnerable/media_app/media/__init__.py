"""Media: uploads, thumbnails and exports (pathlib, secure_filename, zip files, ffmpeg)."""

import os

from flask import Flask

from .views import media


def create_app():
    app = Flask(__name__)  # expect: FB502
    app.config["SECRET_KEY"] = os.environ["SECRET_KEY"]
    app.config["MEDIA_ROOT"] = "/srv/media"
    app.register_blueprint(media)
    return app
