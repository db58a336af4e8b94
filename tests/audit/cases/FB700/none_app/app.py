from flask import Flask

app = Flask(__name__)  # expect: FB700


@app.get("/")
def index():
    return "hello"
