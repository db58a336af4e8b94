from datetime import timedelta

from flask import Flask

app = Flask(__name__)
app.config["PERMANENT_SESSION_LIFETIME"] = timedelta(days=365)  # expect: FB204


class Config:
    PERMANENT_SESSION_LIFETIME = 60 * 60 * 24 * 31  # expect: FB204


def configure(application):
    application.permanent_session_lifetime = timedelta(weeks=4)  # expect: FB204
