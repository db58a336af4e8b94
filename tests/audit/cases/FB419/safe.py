from flask import Flask, abort, jsonify, request
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import FlaskForm
from marshmallow import Schema, fields
from wtforms import StringField

app = Flask(__name__)
db = SQLAlchemy(app)
EDITABLE = {"name", "email"}


class User(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    name = db.Column(db.String(80))
    email = db.Column(db.String(120))
    is_admin = db.Column(db.Boolean, default=False)


class Invite(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    email = db.Column(db.String(120))

    def __init__(self, email):
        self.email = email


class UserSchema(Schema):
    name = fields.Str()
    email = fields.Email()


class ProfileForm(FlaskForm):
    name = StringField()
    email = StringField()


@app.post("/users")
def create_user():
    data = request.get_json()
    user = User(name=data["name"], email=data["email"])  # ok
    db.session.add(user)
    return jsonify(id=user.id), 201


@app.post("/users/schema")
def create_user_schema():
    user = User(**UserSchema().load(request.get_json()))  # ok
    db.session.add(user)
    return jsonify(id=user.id), 201


@app.post("/invites")
def invite():
    db.session.add(Invite(**request.get_json()))  # ok
    return "", 201


@app.post("/users/<int:user_id>")
def edit_user(user_id):
    user = db.get_or_404(User, user_id)
    for key, value in request.form.items():
        if key in EDITABLE:
            setattr(user, key, value)  # ok
    db.session.commit()
    return "", 204


@app.post("/profile/<int:user_id>")
def profile(user_id):
    user = db.get_or_404(User, user_id)
    form = ProfileForm()
    if not form.validate_on_submit():
        abort(400)
    for field in form:
        setattr(user, field.name, field.data)  # ok
    other = User(**form.data)  # ok
    db.session.add(other)
    return "", 204


@app.get("/prefs")
def prefs():
    settings = {"theme": "light"}
    settings.update(request.args)  # ok
    return jsonify(settings)


def make_user(**fields):
    user = User(**fields)  # ok
    db.session.add(user)
    return user


@app.post("/users/named")
def create_named():
    data = request.get_json()
    make_user(name=data["name"], email=data["email"])
    user = User(**{"name": data["name"], "email": data["email"]})  # ok
    return jsonify(id=user.id), 201
