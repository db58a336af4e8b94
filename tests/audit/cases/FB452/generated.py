from flask import url_for
from markupsafe import Markup, escape
from wtforms.widgets import html_params


def csrf_meta(name, token):
    return Markup(f'<meta name="{escape(name)}" content="{escape(token)}">')


def checkbox(field, **kwargs):
    return Markup(f"<input {html_params(name=field.name, **kwargs)}>")


def profile_link(user):
    return Markup('<a href="' + url_for("profile", id=user.id) + '">' + escape(user.name) + "</a>")


def price_tag(price, label):
    return Markup("<b>{}</b>".format(escape(label))), Markup(f"<i>{price:.2f}</i>")


def badge(count, title):
    return Markup("<span title=%s>%d</span>" % (escape(title), len(count)))


def plain_text(value):
    return Markup(value).unescape(), Markup(value).striptags()


def unsafe_link(user):
    return Markup('<a href="' + url_for("profile", id=user.id) + '">' + user.name + "</a>")  # expect: FB452


def unsafe_meta(name, token):
    return Markup(f'<meta name="{name}" content="{escape(token)}">')  # expect: FB452


def unsafe_format(label):
    return Markup("<b>{}</b>".format(label))  # expect: FB452


def make_renderer(classes):
    import mistune

    renderer_cls = type("Renderer", tuple(classes), {})
    markdown = mistune.Markdown(renderer=renderer_cls(escape=True, hard_wrap=True))
    return lambda text: Markup(markdown.render(text))


def make_raw_renderer():
    import mistune

    markdown = mistune.Markdown(renderer=mistune.HTMLRenderer(escape=False))
    return lambda text: Markup(markdown.render(text))  # expect: FB452
