"""cookiecutter-flask's CRUDMixin: ``update(**kwargs)`` sets whatever it is given."""

from flask import Flask, jsonify, request
from flask_sqlalchemy import SQLAlchemy

app = Flask(__name__)
db = SQLAlchemy(app)


class CRUDMixin:
    def update(self, commit=True, **kwargs):
        for attr, value in kwargs.items():
            setattr(self, attr, value)
        if commit:
            db.session.commit()
        return self


class Account(CRUDMixin, db.Model):
    id = db.Column(db.Integer, primary_key=True)
    name = db.Column(db.String(80))
    is_admin = db.Column(db.Boolean, default=False)


@app.put("/me")
def update_me():
    account = db.session.get(Account, 1)
    account.update(**request.get_json())  # expect: FB419
    return jsonify(ok=True)


@app.put("/me/name")
def rename_me():
    account = db.session.get(Account, 1)
    account.update(name=request.get_json()["name"])  # ok
    return jsonify(ok=True)


@app.put("/me/prefs")
def prefs():
    prefs = {"theme": "light"}
    prefs.update(**request.args)  # ok
    return jsonify(prefs)
