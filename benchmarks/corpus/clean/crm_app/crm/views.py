import ipaddress
import secrets
import subprocess
from urllib.parse import urlsplit

from flask import Blueprint, abort, redirect, render_template, request, session, url_for
from flask_login import current_user, login_required, login_user
from sqlalchemy import select

from . import limiter
from .forms import LoginForm, PingForm, SearchForm, TemplateForm, TransferForm
from .models import Customer, db, find_user

crm = Blueprint("crm", __name__)
UPLOAD = "/srv/crm/uploads"
IMAGE_EXTENSIONS = {"png", "jpg", "jpeg"}


def local_target(target):
    parts = urlsplit(target or "")
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return url_for("crm.home")
    return target


@crm.route("/login", methods=["GET", "POST"])
@limiter.limit("5 per minute")
def login():  # ok: FB800
    form = LoginForm()
    if form.validate_on_submit():
        user = find_user(form.email.data, form.password.data)
        if user:
            session.clear()
            session.regenerate()
            login_user(user)  # ok: FB205
            return redirect(local_target(form.next.data))  # ok: FB405
    return render_template("login.html", form=form)


@crm.route("/search", methods=["GET", "POST"])
@login_required
def search():
    form = SearchForm()
    rows = []
    if form.validate_on_submit():
        stmt = select(Customer).where(Customer.owner_id == current_user.id, Customer.notes.contains(form.q.data))
        rows = db.session.execute(stmt).scalars().all()  # ok: FB401
    return render_template("search.html", form=form, rows=rows)


@crm.route("/mail-preview", methods=["POST"])
@login_required
def mail_preview():
    form = TemplateForm()
    if form.validate_on_submit():
        return render_template("mail_preview.html", body=form.template.data, user=current_user)  # ok: FB402
    return "", 400


@crm.route("/ping", methods=["POST"])
@login_required
def ping():
    form = PingForm()
    if form.validate_on_submit():
        host = str(ipaddress.ip_address(form.host.data))
        out = subprocess.run(["ping", "-c", "1", host], capture_output=True, text=True).stdout  # ok: FB406
        return {"out": out}
    return "", 400


@crm.route("/transfer", methods=["POST"])
@login_required
def transfer():
    form = TransferForm()
    if form.validate_on_submit():
        customer = Customer.query.filter_by(id=form.customer_id.data, owner_id=current_user.id).first_or_404()  # ok: FB850
        customer.notes = form.note.data
        db.session.commit()
    return redirect(url_for("crm.home"))


@crm.route("/avatar", methods=["POST"])
@login_required
def avatar():
    upload = request.files["avatar"]
    ext = upload.filename.rsplit(".", 1)[-1].lower()
    if ext not in IMAGE_EXTENSIONS:
        abort(400)
    upload.save(f"{UPLOAD}/{secrets.token_hex(16)}.{ext}")  # ok: FB500, FB501
    return "", 204


@crm.route("/remember")
@login_required
def remember():
    resp = redirect(url_for("crm.home"))
    resp.set_cookie("remember_token", secrets.token_urlsafe(32), max_age=3600 * 24 * 30, secure=True, httponly=True, samesite="Lax")  # ok: FB203
    return resp


@crm.route("/internal/metrics")
@login_required
def metrics():  # ok: FB801
    if not current_user.is_admin:
        abort(403)
    return {"customers": Customer.query.count()}


@crm.route("/")
@login_required
def home():
    return render_template("home.html", customers=Customer.query.filter_by(owner_id=current_user.id).all())
