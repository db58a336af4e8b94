from flask import Flask, redirect, render_template
from flask_wtf import FlaskForm
from wtforms import StringField

app = Flask(__name__)


class NoteForm(FlaskForm):
    title = StringField()


@app.route("/notes/new", methods=["GET", "POST"])
def create():
    form = NoteForm()
    if form.validate_on_submit():
        return redirect("/")
    return render_template("edit.html", form=form)
