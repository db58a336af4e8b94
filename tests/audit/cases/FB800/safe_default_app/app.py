from flask import Flask, request
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address

app = Flask(__name__)
limiter = Limiter(get_remote_address, app=app, default_limits=["200 per day", "10 per minute"])


@app.post("/signin")
def signin():
    return check(request.form["email"], request.form["password"])
