from flask import Blueprint, make_response, render_template, render_template_string, request
from markupsafe import Markup

bp = Blueprint("greet", __name__)
COMMENTS = []


@bp.route("/hello")
def hello():
    name = request.args.get("name", "world")
    template = f"<h1>Hello {name}!</h1>"
    return render_template_string(template)  # expect: FB402


@bp.route("/preview", methods=["POST"])
def preview():
    return render_template_string(request.form["template"], comments=COMMENTS)  # expect: FB402


@bp.route("/page/<title>")
def page(title):
    html = "<html><body><h2>%s</h2></body></html>" % title
    return render_template_string(html)  # expect: FB402


@bp.route("/search")
def search():
    q = request.args.get("q", "")
    return f"<p>No results for <b>{q}</b></p>"  # expect: FB403 (reported on the return line below)


@bp.route("/comment", methods=["POST"])
def comment():
    COMMENTS.append(request.form["body"])
    return render_template("comments.html", comments=COMMENTS)


@bp.route("/banner")
def banner():
    msg = request.args.get("msg", "")
    return render_template("banner.html", banner=Markup(f"<div class='banner'>{msg}</div>"))  # expect: FB452; expect: FB403


@bp.route("/echo")
def echo():
    resp = make_response("<pre>" + request.args.get("text", "") + "</pre>")  # expect: FB403
    return resp


@bp.route("/items/<int:item_id>")
def item(item_id):
    try:
        return render_template("item.html", item=load(item_id))
    except Exception as exc:
        return f"Error loading item: {exc}", 500  # expect: FB601


def load(item_id):
    raise LookupError(item_id)
