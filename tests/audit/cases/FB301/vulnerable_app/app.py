from flask import Flask
from flask_wtf.csrf import CSRFProtect

app = Flask(__name__)
app.config["WTF_CSRF_ENABLED"] = False  # expect: FB301
CSRFProtect(app)


class ProductionConfig:
    WTF_CSRF_CHECK_DEFAULT = False  # expect: FB301
