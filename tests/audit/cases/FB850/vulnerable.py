from flask import Blueprint, g, jsonify, render_template, request
from flask_login import login_required

from notes.access import load_note
from notes.models import Note, db

bp = Blueprint("notes", __name__)


@bp.route("/notes/<int:note_id>")
@login_required
def show(note_id):
    note = Note.query.get_or_404(note_id)  # expect: FB850
    return render_template("note.html", note=note)


@bp.route("/notes/<int:note_id>/delete", methods=["POST"])
@login_required
def delete(note_id):
    note = db.session.get(Note, note_id)  # expect: FB850
    db.session.delete(note)
    db.session.commit()
    return "", 204


@bp.route("/api/notes")
@login_required
def api_note():
    note_id = request.args.get("id", type=int)
    note = Note.query.filter_by(id=note_id).first_or_404()  # expect: FB850
    return jsonify(body=note.body)


@bp.route("/notes/<int:note_id>/edit", methods=["POST"])
def edit(note_id):
    note = load_note(note_id)  # expect: FB850
    note.body = request.form["body"]
    db.session.commit()
    return "", 204


@bp.route("/invoices/<int:invoice_id>")
@login_required
def invoice(invoice_id):
    row = db.session.execute(  # expect: FB850
        db.text("SELECT * FROM invoices WHERE id = :id"), {"id": invoice_id}
    ).first()
    return jsonify(dict(row._mapping))


@bp.route("/mine")
def my_notes():
    from flask import session

    rows = db.session.execute(
        db.text("SELECT id, body FROM notes WHERE user_id = :u"), {"u": session["uid"]}
    ).all()
    return jsonify([dict(r._mapping) for r in rows])


@bp.route("/raw/<int:note_id>")
def raw_note(note_id):
    row = db.session.execute(db.text("SELECT body FROM notes WHERE id = :id"), {"id": note_id}).first()  # expect: FB850
    return jsonify(body=row.body)
