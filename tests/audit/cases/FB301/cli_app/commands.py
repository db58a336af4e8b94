import click
from flask import Flask
from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField

app = Flask(__name__)


class RegisterForm(FlaskForm):
    email = StringField("email")
    password = PasswordField("password")


@app.cli.command("create-user")
@click.argument("email")
@click.password_option()
def create_user(email, password):
    form = RegisterForm(meta={"csrf": False}, data={"email": email, "password": password})
    if not form.validate():
        raise click.UsageError(str(form.errors))


@click.command("import-users")
def import_users():
    for row in read_rows():
        RegisterForm(meta={"csrf": False}, data=row).validate()


@app.post("/register")
def register():
    form = RegisterForm(meta={"csrf": False})  # expect: FB301
    return "ok" if form.validate_on_submit() else ("bad", 400)
