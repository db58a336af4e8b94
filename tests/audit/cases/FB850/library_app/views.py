from flask import Blueprint, render_template
from flask_login import current_user, login_required
from flask_sqlalchemy import SQLAlchemy

db = SQLAlchemy()
web = Blueprint("web", __name__)


class Book(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    title = db.Column(db.String(200))
    path = db.Column(db.String(400))


class Shelf(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    name = db.Column(db.String(80))
    user_id = db.Column(db.Integer, db.ForeignKey("user.id"))


class ReadingNote(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    reader = db.relationship("User")
    text = db.Column(db.Text)


@web.route("/book/<int:book_id>")
@login_required
def show_book(book_id):
    book = Book.query.get_or_404(book_id)
    return render_template("book.html", book=book)


@web.route("/shelf/<int:shelf_id>")
@login_required
def show_shelf(shelf_id):
    shelf = Shelf.query.get_or_404(shelf_id)  # expect: FB850
    return render_template("shelf.html", shelf=shelf)


@web.route("/notes/<int:note_id>")
@login_required
def show_note(note_id):
    note = ReadingNote.query.get_or_404(note_id)  # expect: FB850
    return render_template("note.html", note=note)


@web.route("/me")
@login_required
def me():
    return render_template("me.html", shelves=Shelf.query.filter_by(user_id=current_user.id).all())


class Order(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    buyer_id = db.Column(db.Integer)
    total = db.Column(db.Numeric)


@web.route("/orders/<int:order_id>")
@login_required
def show_order(order_id):
    order = Order.query.get_or_404(order_id)  # expect: FB850
    return render_template("order.html", order=order)
