from flask_sqlalchemy import SQLAlchemy

db = SQLAlchemy()


class Customer(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    owner_id = db.Column(db.Integer)
    website = db.Column(db.String(200))
    notes = db.Column(db.Text)


def find_user(email, password):
    return None
