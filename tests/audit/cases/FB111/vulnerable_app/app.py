import os

from flask import Flask

app = Flask(__name__)
app.secret_key = "changeme"  # expect: FB111
app.config.update(SECRET_KEY="super secret key")  # expect: FB111


def create_app(test_config=None):
    app = Flask(__name__, instance_relative_config=True)
    app.config.from_mapping(SECRET_KEY="dev", DATABASE="flaskr.sqlite")  # expect: FB111
    return app
