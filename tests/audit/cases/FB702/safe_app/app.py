from flask import Flask
from flask_cors import CORS

app = Flask(__name__)
CORS(app)  # public API, no cookies: any origin may read it
CORS(app, origins=["https://app.example.com"], supports_credentials=True)
