from flask_wtf import FlaskForm
from wtforms import StringField, TextAreaField


class CommentForm(FlaskForm):
    author = StringField("Author")  # ok: FB301
    body = TextAreaField("Comment")
