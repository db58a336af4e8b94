from flask_wtf import FlaskForm
from wtforms import StringField, TextAreaField


class CommentForm(FlaskForm):
    class Meta:
        csrf = False  # expect: FB301

    author = StringField("Author")
    body = TextAreaField("Comment")
