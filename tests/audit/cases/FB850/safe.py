from flask import Blueprint, abort, g, jsonify, render_template
from flask_login import current_user, login_required

from notes.access import owned_note
from notes.models import Note, Post, db

bp = Blueprint("notes", __name__)


def admin_required(f):
    return f


@bp.route("/notes/<int:note_id>")
@login_required
def show(note_id):
    note = Note.query.filter_by(id=note_id, owner_id=current_user.id).first_or_404()  # ok
    return render_template("note.html", note=note)


@bp.route("/notes/<int:note_id>/delete", methods=["POST"])
@login_required
def delete(note_id):
    note = db.get_or_404(Note, note_id)  # ok
    if note.owner_id != current_user.id:
        abort(403)
    db.session.delete(note)
    db.session.commit()
    return "", 204


@bp.route("/notes/<int:note_id>/edit", methods=["POST"])
@login_required
def edit(note_id):
    note = owned_note(note_id)  # ok
    db.session.commit()
    return jsonify(id=note.id)


@bp.route("/admin/notes/<int:note_id>")
@login_required
@admin_required
def admin_show(note_id):
    return jsonify(body=db.get_or_404(Note, note_id).body)  # ok


@bp.route("/public/posts/<int:post_id>")
def public_post(post_id):
    return render_template("post.html", post=db.get_or_404(Post, post_id))  # ok


@bp.route("/g/<int:note_id>")
@login_required
def via_g(note_id):
    note = db.get_or_404(Note, note_id)  # ok
    if note.owner_id != g.user.id:
        abort(404)
    return jsonify(body=note.body)
