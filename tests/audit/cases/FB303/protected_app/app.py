from flask import Flask, render_template, session
from flask_wtf.csrf import CSRFProtect

app = Flask(__name__)
CSRFProtect(app)


@app.get("/")
def index():
    return render_template("form.html", user=session.get("user_id"))
