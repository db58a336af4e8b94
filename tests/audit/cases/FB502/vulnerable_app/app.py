from flask import Flask, request

app = Flask(__name__)  # expect: FB502


@app.post("/upload")
def upload():
    request.files["file"].save("/srv/uploads/latest.bin")
    return "ok"
