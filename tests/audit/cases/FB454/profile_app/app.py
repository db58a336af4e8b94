from urllib.parse import urlparse

from flask import Flask, render_template, request, url_for
from flask_sqlalchemy import SQLAlchemy

app = Flask(__name__)
db = SQLAlchemy(app)


class User(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    name = db.Column(db.String(80))
    website = db.Column(db.String(200))
    github_url = db.Column(db.String(200))
    homepage = db.Column(db.String(200))

    @property
    def profile_url(self):
        return url_for("profile", user_id=self.id)

    def set_homepage(self, value):
        if urlparse(value).scheme not in ("http", "https"):
            raise ValueError("homepage must be an http(s) URL")
        self.homepage = value


@app.get("/users/<int:user_id>")
def profile(user_id):
    user = db.get_or_404(User, user_id)
    return render_template("profile.html", user=user)


@app.get("/login")
def login():
    return render_template("login.html", next=request.args.get("next", ""))


@app.get("/posts")
def posts():
    page = request.args.get("page", 1, type=int)
    next_url = url_for("posts", page=page + 1) if page < 10 else None
    prev_url = url_for("posts", page=page - 1) if page > 1 else None
    return render_template("posts.html", next_url=next_url, prev_url=prev_url)
