from flask import Flask

app = Flask(__name__)  # expect: FB701


@app.get("/")
def index():
    return "hello"
