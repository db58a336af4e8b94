import subprocess

from flask import Blueprint, redirect, render_template, render_template_string, request, url_for
from flask_login import current_user, login_required, login_user
from sqlalchemy import text

from .forms import LoginForm, PingForm, SearchForm, TemplateForm, TransferForm
from .models import Customer, db, find_user

crm = Blueprint("crm", __name__)
UPLOAD = "/srv/crm/uploads"


@crm.route("/login", methods=["GET", "POST"])  # expect: FB800
def login():
    form = LoginForm()
    if form.validate_on_submit():
        user = find_user(form.email.data, form.password.data)
        if user:
            login_user(user)  # expect: FB205
            return redirect(form.next.data or url_for("crm.home"))  # expect: FB405
    return render_template("login.html", form=form)


@crm.route("/search", methods=["GET", "POST"])
@login_required
def search():
    form = SearchForm()
    rows = []
    if form.validate_on_submit():
        rows = db.session.execute(text(f"SELECT * FROM customer WHERE name LIKE '%{form.q.data}%'")).all()  # expect: FB401
    return render_template("search.html", form=form, rows=rows)


@crm.route("/mail-preview", methods=["POST"])
@login_required
def mail_preview():
    form = TemplateForm()
    if form.validate_on_submit():
        return render_template_string(form.template.data, user=current_user)  # expect: FB402
    return "", 400


@crm.route("/ping", methods=["POST"])
@login_required
def ping():
    form = PingForm()
    if form.validate_on_submit():
        out = subprocess.getoutput("ping -c 1 " + form.host.data)  # expect: FB406
        return {"out": out}
    return "", 400


@crm.route("/transfer", methods=["POST"])
@login_required
def transfer():
    form = TransferForm()
    if form.validate_on_submit():
        customer = Customer.query.get(form.customer_id.data)  # expect: FB850
        customer.notes = form.note.data
        db.session.commit()
    return redirect(url_for("crm.home"))


@crm.route("/avatar", methods=["POST"])  # expect: FB300
@login_required
def avatar():
    upload = request.files["avatar"]
    path = f"{UPLOAD}/{upload.filename}"
    upload.save(path)  # expect: FB500, FB501
    return "", 204


@crm.route("/remember")
@login_required
def remember():
    resp = redirect(url_for("crm.home"))
    resp.set_cookie("remember_token", current_user.get_id(), max_age=3600 * 24 * 365)  # expect: FB203
    return resp


@crm.route("/internal/metrics")  # expect: FB801
def metrics():
    return {"customers": Customer.query.count()}


@crm.route("/")
@login_required
def home():
    return render_template("home.html", customers=Customer.query.all())
