from flask import Flask

app = Flask(__name__)


@app.get("/")
def index():
    return "hello"


@app.after_request
def headers(response):
    response.headers["Content-Security-Policy"] = "default-src 'self'"
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    return response
