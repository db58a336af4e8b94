import tomllib

from flask import Flask, session

app = Flask(__name__)
app.config.from_file("config.toml", load=tomllib.load, text=False)


@app.get("/")
def index():
    return {"visits": session.get("visits", 0)}
