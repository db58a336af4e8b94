from flask import Flask, session

app = Flask(__name__)  # expect: FB202
app.config["SESSION_COOKIE_SECURE"] = True


@app.get("/")
def index():
    return {"cart": session.get("cart", [])}
