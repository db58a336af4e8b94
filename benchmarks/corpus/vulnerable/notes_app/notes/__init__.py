"""Notes: the flaskr tutorial shape (factory, sqlite3, blueprint) with classic SQL mistakes."""

import os

from flask import Flask


def create_app():
    app = Flask(__name__, instance_relative_config=True)  # expect: FB201, FB202, FB204, FB602, FB700, FB701
    app.config.from_mapping(
        SECRET_KEY=os.environ["SECRET_KEY"],
        DATABASE=os.path.join(app.instance_path, "notes.sqlite"),
    )
    from . import db, views

    db.init_app(app)
    app.register_blueprint(views.bp)
    return app
