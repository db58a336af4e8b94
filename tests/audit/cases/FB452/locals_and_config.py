from flask import current_app, request, url_for
from markupsafe import Markup

RECAPTCHA_TEMPLATE = '<script src="%s" async defer></script><div class="g-recaptcha" %s></div>'


class Product:
    def photo_img(self, images):
        view_url = url_for("ProductPubView.show", pk=str(self.id))
        if self.photo:
            photo_url = images.get_url(self.photo)
            return Markup(f'<a href="{view_url}"><img src="{photo_url}" alt="Photo"></a>')
        return Markup(f'<a href="{view_url}"><img src="//:0" alt="Photo"></a>')

    def price_label(self):
        return Markup("Price:<strong> {} </strong>".format(self.price))

    def title_html(self):
        return Markup("<h2>" + self.name + "</h2>")  # expect: FB452


def recaptcha_html(public_key):
    html = current_app.config.get("RECAPTCHA_HTML")
    if html:
        return Markup(html)
    attrs = {"sitekey": public_key}
    snippet = " ".join('data-%s="%s"' % (k, attrs[k]) for k in attrs)
    return Markup(RECAPTCHA_TEMPLATE % ("https://www.google.com/recaptcha/api.js", snippet))  # expect: FB452


def greeting():
    name = request.args.get("name", "")
    return Markup(f"<p>Hello {name}</p>")  # expect: FB452


def rows(items):
    for item in items:
        yield Markup(f"<li>{item}</li>")  # expect: FB452
