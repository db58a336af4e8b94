from flask import Flask, jsonify, request
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import update

app = Flask(__name__)
db = SQLAlchemy(app)


class User(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    name = db.Column(db.String(80))
    email = db.Column(db.String(120))
    is_admin = db.Column(db.Boolean, default=False)


@app.post("/users")
def create_user():
    user = User(**request.get_json())  # expect: FB419
    db.session.add(user)
    db.session.commit()
    return jsonify(id=user.id), 201


@app.post("/users/<int:user_id>")
def edit_user(user_id):
    user = db.get_or_404(User, user_id)
    for key, value in request.form.items():
        setattr(user, key, value)  # expect: FB419
    db.session.commit()
    return "", 204


@app.patch("/users/<int:user_id>")
def patch_user(user_id):
    User.query.filter_by(id=user_id).update(request.json)  # expect: FB419
    db.session.commit()
    return "", 204


@app.put("/users/<int:user_id>")
def put_user(user_id):
    data = request.get_json()
    db.session.execute(update(User).where(User.id == user_id).values(**data))  # expect: FB419
    return "", 204
