import os

from flask import Flask, request
from werkzeug.utils import secure_filename

from media.store import store, store_random

app = Flask(__name__)
UPLOADS = "/srv/uploads"


@app.route("/avatar", methods=["POST"])
def avatar():
    f = request.files["avatar"]
    folder = secure_filename(request.form.get("folder", "misc"))
    f.save(os.path.join(UPLOADS, folder, "avatar.png"))  # ok
    return "ok"


@app.route("/doc", methods=["POST"])
def doc():
    f = request.files["doc"]
    store(f, secure_filename(f.filename))  # ok
    return "ok"


@app.route("/rand", methods=["POST"])
def rand():
    store_random(request.files["doc"])  # ok
    return "ok"


@app.route("/users/<int:user_id>/photo", methods=["POST"])
def photo(user_id):
    request.files["photo"].save(f"{UPLOADS}/{user_id}.jpg")  # ok
    return "ok"
