import jinja2
from flask import Flask
from jinja2 import Environment, FileSystemLoader

app = Flask(__name__)
env = Environment(loader=FileSystemLoader("templates"))  # expect: FB453
raw = Environment(loader=FileSystemLoader("templates"), autoescape=False)  # expect: FB453
page = jinja2.Template("<p>{{ comment }}</p>")  # expect: FB453
app.jinja_env.autoescape = False  # expect: FB453
email_body = jinja2.Template("Hello {{ name }}, your order shipped.")  # known-fp: FB453 a plain-text template needs no escaping
