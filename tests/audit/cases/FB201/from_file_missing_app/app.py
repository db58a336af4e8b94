import os
import tomllib

from flask import Flask, session

app = Flask(__name__)
app.config.from_file(os.environ.get("APP_CONFIG", "/etc/app/config.toml"), load=tomllib.load, text=False)


@app.get("/")
def index():
    return {"visits": session.get("visits", 0)}
