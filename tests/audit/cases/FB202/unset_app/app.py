from flask import Flask

app = Flask(__name__)  # expect: FB202
app.config["SESSION_COOKIE_SECURE"] = True
