from flask import Flask, session

app = Flask(__name__)  # expect: FB701


@app.get("/")
def index():
    return {"user": session.get("user_id")}
