from flask import Blueprint, abort, jsonify, request, session
from flask_jwt_extended import get_jwt_identity, jwt_required
from flask_login import current_user, login_required

from notes.models import Note, db

bp = Blueprint("more", __name__)


@bp.route("/api/notes/<int:note_id>")
@jwt_required()
def jwt_note(note_id):
    user_id = get_jwt_identity()
    note = Note.query.get(note_id)  # expect: FB850
    return jsonify(body=note.body)


@bp.route("/api/notes2/<int:note_id>")
@jwt_required()
def jwt_note_scoped(note_id):
    user_id = get_jwt_identity()
    note = Note.query.filter_by(id=note_id, owner_id=user_id).first_or_404()  # ok
    return jsonify(body=note.body)


@bp.route("/notes/<int:note_id>/raw")
@login_required
def authenticated_only(note_id):
    note = Note.query.get_or_404(note_id)  # expect: FB850
    if not current_user.is_authenticated:
        abort(401)
    return jsonify(body=note.body)


@bp.route("/mine/<int:note_id>")
@login_required
def relationship(note_id):
    note = current_user.notes.filter_by(id=note_id).first_or_404()  # ok
    return jsonify(body=note.body)


@bp.route("/query")
@login_required
def by_query_param():
    note_id = request.args.get("note_id")
    note = Note.query.get(note_id)  # expect: FB850
    return jsonify(body=note.body)


@bp.route("/session/<int:note_id>", methods=["DELETE"])
def session_owner(note_id):
    note = Note.query.get(note_id)  # ok
    if note.owner_id != session.get("user_id"):
        abort(403)
    db.session.delete(note)
    db.session.commit()
    return "", 204


@bp.route("/transfer", methods=["POST"])
@login_required
def transfer():
    from flask_wtf import FlaskForm
    from wtforms import IntegerField

    class TransferForm(FlaskForm):
        note_id = IntegerField()

    form = TransferForm()
    note = Note.query.get(form.note_id.data)  # expect: FB850
    return jsonify(body=note.body)
