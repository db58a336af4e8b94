import xml.etree.ElementTree as ET

import defusedxml.ElementTree as DET
from flask import Flask, request

app = Flask(__name__)


@app.route("/import", methods=["POST"])
def import_xml():
    return DET.fromstring(request.data).tag  # ok


@app.route("/std", methods=["POST"])
def std():
    return ET.fromstring(request.data).tag  # ok
