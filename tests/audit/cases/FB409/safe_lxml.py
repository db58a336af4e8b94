from lxml import etree
from flask import Flask, request

app = Flask(__name__)
PARSER = etree.XMLParser(resolve_entities=False, no_network=True)


@app.route("/import", methods=["POST"])
def import_xml():
    return etree.fromstring(request.data, PARSER).tag  # ok
