from flask import Flask

app = Flask(__name__)


@app.get("/")
def index():
    return "hello"


@app.after_request  # expect: FB700
def headers(response):
    response.headers["X-Frame-Options"] = "DENY"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response
