from lxml import etree
from flask import Flask, request

app = Flask(__name__)


@app.route("/import", methods=["POST"])
def import_xml():
    doc = etree.fromstring(request.data)  # expect: FB409
    return doc.findtext("name")


@app.route("/upload", methods=["POST"])
def upload():
    tree = etree.parse(request.files["xml"])  # expect: FB409
    return etree.tostring(tree)


@app.route("/parser", methods=["POST"])
def with_parser():
    parser = etree.XMLParser(load_dtd=True)
    root = etree.fromstring(request.get_data(), parser)  # expect: FB409
    return root.tag
