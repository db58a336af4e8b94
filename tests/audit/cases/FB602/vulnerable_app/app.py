from flask import Flask

app = Flask(__name__)  # expect: FB602


@app.get("/")
def index():
    return "hello"
