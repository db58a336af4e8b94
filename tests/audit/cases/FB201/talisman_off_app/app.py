from flask import Flask
from flask_login import LoginManager
from flask_talisman import Talisman

app = Flask(__name__)
LoginManager(app)
Talisman(app, session_cookie_secure=False)  # expect: FB201
