from flask import Flask

app = Flask(__name__)
app.config["SESSION_COOKIE_SAMESITE"] = None  # expect: FB202
app.config.update(SESSION_COOKIE_SAMESITE="None")  # expect: FB202
