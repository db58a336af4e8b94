import os

from flask import Flask, request

from media.store import store

app = Flask(__name__)
UPLOADS = "/srv/uploads"


@app.route("/avatar", methods=["POST"])
def avatar():
    f = request.files["avatar"]
    folder = request.form.get("folder", "misc")
    f.save(os.path.join(UPLOADS, folder, "avatar.png"))  # expect: FB550
    return "ok"


@app.route("/doc", methods=["POST"])
def doc():
    f = request.files["doc"]
    store(f, f.filename)
    return "ok"


@app.route("/users/<username>/photo", methods=["POST"])
def photo(username):
    request.files["photo"].save(f"{UPLOADS}/{username}.jpg")  # expect: FB550
    return "ok"
