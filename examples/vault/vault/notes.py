"""Per-user notes. Every record is loaded through an ownership check (M12)."""

from __future__ import annotations

from datetime import datetime, timezone

from flask import Blueprint, abort, jsonify, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user

from flask_bastion import get_owned_or_404, login_required_by_default

from .forms import ConfirmForm, NoteForm
from .models import Note, db

bp = Blueprint("notes", __name__)
login_required_by_default(bp)


def _own_notes():  # type: ignore[no-untyped-def]
    return db.select(Note).filter_by(user_id=current_user.id)


@bp.get("/")
def index() -> ResponseReturnValue:
    notes = db.session.execute(
        _own_notes().order_by(Note.starred.desc(), Note.updated_at.desc())
    ).scalars()
    return render_template("notes/index.html", notes=list(notes), form=ConfirmForm())


@bp.route("/notes/new", methods=["GET", "POST"])
def create() -> ResponseReturnValue:
    form = NoteForm()
    if form.validate_on_submit():
        note = Note(user_id=current_user.id, title=form.title.data, body=form.body.data or "")
        db.session.add(note)
        db.session.commit()
        return redirect(url_for("notes.view", note_id=note.id))
    return render_template("notes/edit.html", form=form, note=None)


@bp.get("/notes/<int:note_id>")
def view(note_id: int) -> ResponseReturnValue:
    note = get_owned_or_404(Note, note_id)
    return render_template("notes/view.html", note=note, form=ConfirmForm())


@bp.route("/notes/<int:note_id>/edit", methods=["GET", "POST"])
def edit(note_id: int) -> ResponseReturnValue:
    note = get_owned_or_404(Note, note_id)
    form = NoteForm(obj=note)
    if form.validate_on_submit():
        note.title = form.title.data
        note.body = form.body.data or ""
        note.updated_at = datetime.now(timezone.utc)
        db.session.commit()
        return redirect(url_for("notes.view", note_id=note.id))
    return render_template("notes/edit.html", form=form, note=note)


@bp.post("/notes/<int:note_id>/delete")
def delete(note_id: int) -> ResponseReturnValue:
    note = get_owned_or_404(Note, note_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    db.session.delete(note)
    db.session.commit()
    return redirect(url_for("notes.index"))


@bp.post("/api/notes/<int:note_id>/star")
def star(note_id: int) -> ResponseReturnValue:
    """JSON endpoint used by fetch() from the notes page; CSRF via X-CSRFToken."""
    note = get_owned_or_404(Note, note_id)
    payload = request.get_json(silent=True)
    if not isinstance(payload, dict) or not isinstance(payload.get("starred"), bool):
        return jsonify(error='expected {"starred": true|false}'), 400
    note.starred = payload["starred"]
    db.session.commit()
    return jsonify(id=note.id, starred=note.starred)
