from flask import Flask
from flask_cors import CORS, cross_origin

app = Flask(__name__)
CORS(app, origins="*", supports_credentials=True)  # expect: FB702
CORS(app, resources={r"/api/*": {"origins": "*"}}, supports_credentials=True)  # expect: FB702


@app.get("/api/me")
@cross_origin(supports_credentials=True)  # expect: FB702
def me():
    return {"ok": True}
