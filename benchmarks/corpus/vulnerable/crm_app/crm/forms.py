from flask_wtf import FlaskForm
from wtforms import HiddenField, IntegerField, PasswordField, StringField, TextAreaField


class LoginForm(FlaskForm):
    email = StringField("Email")
    password = PasswordField("Password")
    next = HiddenField()


class SearchForm(FlaskForm):
    q = StringField("Search")


class TemplateForm(FlaskForm):
    template = TextAreaField("Mail template")


class PingForm(FlaskForm):
    host = StringField("Host")


class TransferForm(FlaskForm):
    customer_id = IntegerField("Customer")
    note = StringField("Note")
