from flask import Blueprint, abort, current_app, make_response, render_template, render_template_string, request
from markupsafe import Markup, escape

bp = Blueprint("greet", __name__)
COMMENTS = []


@bp.route("/hello")
def hello():
    name = request.args.get("name", "world")
    return render_template_string("<h1>Hello {{ name }}!</h1>", name=name)  # ok: FB402


@bp.route("/preview", methods=["POST"])
def preview():
    return render_template("preview.html", text=request.form["template"], comments=COMMENTS)  # ok: FB402


@bp.route("/page/<title>")
def page(title):
    return render_template("page.html", title=title)


@bp.route("/search")
def search():
    q = request.args.get("q", "")
    return f"<p>No results for <b>{escape(q)}</b></p>"  # ok: FB403


@bp.route("/comment", methods=["POST"])
def comment():
    COMMENTS.append(request.form["body"])
    return render_template("comments.html", comments=COMMENTS)


@bp.route("/banner")
def banner():
    msg = request.args.get("msg", "")
    return render_template("banner.html", banner=Markup("<div class='banner'>{}</div>").format(msg))  # ok: FB452, FB403


@bp.route("/echo")
def echo():
    resp = make_response("<pre>" + escape(request.args.get("text", "")) + "</pre>")
    return resp  # ok: FB403


@bp.route("/items/<int:item_id>")
def item(item_id):
    try:
        return render_template("item.html", item=load(item_id))
    except LookupError:
        current_app.logger.exception("item %d not found", item_id)
        abort(404)  # ok: FB601


def load(item_id):
    raise LookupError(item_id)
