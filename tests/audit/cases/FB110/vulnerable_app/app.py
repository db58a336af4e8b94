import os

from flask import Flask

app = Flask(__name__)
app.config["SECRET_KEY"] = "9f2c1e7a4b8d0f3e6a5c2b1d8e7f4a3c"  # expect: FB110
app.config["JWT_SECRET_KEY"] = os.environ.get("JWT_SECRET_KEY", "a8f5f167f44f4964e6c998dee827110c")  # expect: FB110
