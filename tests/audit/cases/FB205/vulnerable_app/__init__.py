from flask import Flask
from flask_session import Session

from .auth import bp

app = Flask(__name__)
app.config["SESSION_TYPE"] = "redis"
Session(app)
app.register_blueprint(bp)
