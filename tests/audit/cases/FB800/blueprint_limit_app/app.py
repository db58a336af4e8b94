from flask import Blueprint, Flask, request
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address

limiter = Limiter(get_remote_address)
auth = Blueprint("auth", __name__)


@auth.post("/login")
def login():
    return check(request.form["email"], request.form["password"])


def create_app():
    app = Flask(__name__)
    limiter.init_app(app)
    limiter.limit("5 per minute")(auth)
    app.register_blueprint(auth)
    return app
