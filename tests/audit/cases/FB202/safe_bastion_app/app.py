from flask import Flask

from flask_bastion import Bastion

app = Flask(__name__)
Bastion(app)
