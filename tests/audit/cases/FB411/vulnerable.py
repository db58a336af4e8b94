import xml.etree.ElementTree as ET

from lxml import etree
from flask import Flask, request

app = Flask(__name__)
TREE = etree.parse("users.xml")
ROOT = ET.parse("users.xml").getroot()


@app.route("/user")
def user():
    name = request.args.get("name")
    nodes = TREE.xpath("//user[@name='" + name + "']/email/text()")  # expect: FB411
    return str(nodes)


@app.route("/login", methods=["POST"])
def login():
    query = f"//user[name/text()='{request.form['u']}' and password/text()='{request.form['p']}']"
    found = ROOT.findall(query)  # expect: FB411
    return "ok" if found else "no"


@app.route("/compiled")
def compiled():
    finder = etree.XPath("//item[@id='%s']" % request.args["id"])  # expect: FB411
    return str(finder(TREE))
