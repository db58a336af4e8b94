from flask import abort
from flask_login import current_user

from notes.models import Note, db


def load_note(note_id):
    return db.get_or_404(Note, note_id)


def owned_note(note_id):
    note = db.get_or_404(Note, note_id)
    if note.owner_id != current_user.id:
        abort(404)
    return note
