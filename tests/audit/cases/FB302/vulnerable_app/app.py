from flask import Blueprint, Flask
from flask_wtf.csrf import CSRFProtect

app = Flask(__name__)
csrf = CSRFProtect(app)
api = Blueprint("api", __name__)
csrf.exempt(api)  # expect: FB302


@app.post("/transfer")
@csrf.exempt  # expect: FB302
def transfer():
    return "ok"


protect = CSRFProtect()


@app.post("/webhook")
@protect.exempt  # expect: FB302
def webhook():
    return "ok"
