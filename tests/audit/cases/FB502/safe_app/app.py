from flask import Flask, request

app = Flask(__name__)
app.config["MAX_CONTENT_LENGTH"] = 16 * 1024 * 1024


@app.post("/upload")
def upload():
    request.files["file"].save("/srv/uploads/latest.bin")
    return "ok"
