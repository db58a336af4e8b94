from flask import Flask, request
from flask_login import LoginManager
from flask_wtf.csrf import CSRFProtect

app = Flask(__name__)
app.config["WTF_CSRF_ENABLED"] = False
CSRFProtect(app)
LoginManager(app)


@app.post("/profile")  # expect: FB300
def profile():
    return save(request.form["bio"])
