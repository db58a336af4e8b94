"""Per-user file uploads: validated by content, stored outside any served folder."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user

from flask_bastion import (
    UploadPolicy,
    UploadRejected,
    delete_upload,
    get_owned_or_404,
    login_required_by_default,
    send_upload,
)

from .forms import ConfirmForm, UploadForm
from .models import StoredFile, db

bp = Blueprint("files", __name__, url_prefix="/files")
login_required_by_default(bp)

ALLOWED = {"png", "jpg", "jpeg", "gif", "pdf", "txt"}


def _policy() -> UploadPolicy:
    return UploadPolicy(extensions=ALLOWED, max_size=current_app.config["UPLOAD_MAX_BYTES"])


def _own_files():  # type: ignore[no-untyped-def]
    return db.select(StoredFile).filter_by(user_id=current_user.id)


@bp.route("/", methods=["GET", "POST"])
def index() -> ResponseReturnValue:
    form = UploadForm()
    error = None
    status = 200
    if form.validate_on_submit():
        try:
            checked = _policy().validate(form.file.data)
        except UploadRejected as exc:
            error, status = exc.description, exc.code or 400
        else:
            stored = _policy().save(checked)
            record = StoredFile(
                user_id=current_user.id,
                stored_name=stored.name,
                original_name=stored.original_filename,
                mimetype=stored.mimetype,
                size=stored.size,
            )
            db.session.add(record)
            db.session.commit()
            return redirect(url_for("files.index"))
    files = db.session.execute(_own_files().order_by(StoredFile.uploaded_at.desc())).scalars()
    return (
        render_template(
            "files/index.html", form=form, files=list(files), error=error, confirm=ConfirmForm()
        ),
        status,
    )


@bp.get("/<int:file_id>")
def download(file_id: int) -> ResponseReturnValue:
    record = get_owned_or_404(StoredFile, file_id)
    return send_upload(record.stored_name, record.original_name, mimetype=record.mimetype)


@bp.post("/<int:file_id>/delete")
def delete(file_id: int) -> ResponseReturnValue:
    record = get_owned_or_404(StoredFile, file_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    delete_upload(record.stored_name)
    db.session.delete(record)
    db.session.commit()
    return redirect(url_for("files.index"))
