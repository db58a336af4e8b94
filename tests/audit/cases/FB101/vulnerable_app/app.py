import os

from flask import Flask

from .config import ProductionConfig

app = Flask(__name__)
app.config.from_object(ProductionConfig)
app.debug = True  # expect: FB101
app.config.update(DEBUG=True, TESTING=False)  # expect: FB101

os.environ["FLASK_DEBUG"] = "1"  # expect: FB101
os.environ.setdefault("FLASK_ENV", "development")  # expect: FB101
