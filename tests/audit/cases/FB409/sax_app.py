import xml.sax

from flask import Flask, request

app = Flask(__name__)


class Handler(xml.sax.ContentHandler):
    pass


@app.route("/sax", methods=["POST"])
def sax():
    parser = xml.sax.make_parser()
    parser.setFeature(xml.sax.handler.feature_external_ges, True)
    parser.setContentHandler(Handler())
    parser.parse(request.files["doc"])  # expect: FB409
    return "ok"
