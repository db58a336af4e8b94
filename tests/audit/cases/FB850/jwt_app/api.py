import logging

from flask import Blueprint, abort
from flask_jwt_extended import get_jwt_identity, jwt_required
from flask_sqlalchemy import SQLAlchemy

db = SQLAlchemy()
api = Blueprint("api", __name__)
log = logging.getLogger(__name__)


class Document(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    owner_id = db.Column(db.Integer)
    title = db.Column(db.String(200))


@api.route("/docs/<int:doc_id>")
@jwt_required()
def get_doc(doc_id):
    doc = Document.query.get_or_404(doc_id)  # expect: FB850
    log.info("user %s read %s", get_jwt_identity(), doc_id)
    return {"title": doc.title}


@api.route("/docs/<int:doc_id>/title")
@jwt_required()
def get_title(doc_id):
    doc = Document.query.get_or_404(doc_id)
    if doc.owner_id != get_jwt_identity():
        abort(404)
    return {"title": doc.title}


@api.route("/docs/<int:doc_id>/preview")
def preview(doc_id):
    doc = db.session.get(Document, doc_id)
    return {"title": doc.title}
