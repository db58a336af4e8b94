from flask import Flask, render_template, request
from markupsafe import Markup, escape

app = Flask(__name__)


@app.get("/list")
def listing():
    badge = Markup('<span class="badge">{}</span>').format(count_items())
    return render_template(
        "list.html",
        widgets=list_widgets(),
        badge=badge,
        banner=Markup("<b>Welcome</b>"),
        note=request.args.get("note", ""),
    )


@app.get("/other")
def other():
    return render_template("list.html", badge=Markup(f"<i>{escape(request.args['b'])}</i>"))
