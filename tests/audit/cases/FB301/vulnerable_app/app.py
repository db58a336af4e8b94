from flask import Flask
from flask_wtf import FlaskForm
from flask_wtf.csrf import CSRFProtect

app = Flask(__name__)
app.config["WTF_CSRF_ENABLED"] = False  # expect: FB301
CSRFProtect(app)


class ProductionConfig:
    WTF_CSRF_CHECK_DEFAULT = False  # expect: FB301


class SearchForm(FlaskForm):
    class Meta:
        csrf = False  # expect: FB301


def profile_form():
    return ProfileForm(meta={"csrf": False})  # expect: FB301
