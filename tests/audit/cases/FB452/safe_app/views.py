from flask import Flask, flash, render_template
from markupsafe import Markup, escape

app = Flask(__name__)


def banner(name):
    flash(Markup("<b>{}</b>").format(name))
    flash(Markup("<br>"))
    flash(Markup("<em>%s</em>") % name)
    return Markup(render_template("banner.html", name=name)), escape(name)


def rendered(text):
    import bleach
    from mistune import markdown

    return Markup(bleach.clean(text)), Markup(markdown(text, escape=True))
