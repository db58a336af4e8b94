from lxml import etree
from flask import Flask, request

app = Flask(__name__)
TREE = etree.parse("users.xml")


@app.route("/user")
def user():
    return str(TREE.xpath("//user[@name=$name]/email/text()", name=request.args.get("name")))  # ok


@app.route("/find")
def find():
    text = request.args.get("text", "")
    return str(text.find("needle"))  # ok
