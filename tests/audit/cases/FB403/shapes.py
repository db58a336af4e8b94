import json

from flask import Flask, Response, g, make_response, render_template_string, request
from flask.views import MethodView

app = Flask(__name__)
PAGE = "<h1>{{ title }}</h1><div>{{ body|safe }}</div>"


@app.before_request
def remember_lang():
    g.lang = request.args.get("lang", "en")


@app.route("/lang")
def show_lang():
    return "<p>Language: " + g.lang + "</p>"  # expect: FB403


@app.errorhandler(404)
def not_found(e):
    return "<h1>Not found: " + request.path + "</h1>", 404  # expect: FB403


@app.route("/stream")
def stream():
    name = request.args.get("name", "")

    def generate():
        yield "<p>" + name + "</p>"

    return Response(generate(), mimetype="text/html")  # expect: FB403


class Greeting(MethodView):
    def get(self):
        return Response("<h1>" + request.args.get("name", "") + "</h1>")  # expect: FB403


app.add_url_rule("/greet", view_func=Greeting.as_view("greet"))


@app.route("/later")
def later():
    resp = make_response(f"<b>{request.args['x']}</b>")  # expect: FB403
    resp.headers["X-Frame-Options"] = "DENY"
    return resp


@app.route("/inline")
def inline():
    return render_template_string(PAGE, title="t", body=request.args["body"])  # expect: FB403


@app.route("/inline-safe")
def inline_safe():
    return render_template_string(PAGE, title=request.args["t"], body="<i>fixed</i>")  # ok


@app.route("/plain")
def plain():
    resp = make_response(request.form.get("msg", ""))
    resp.mimetype = "text/plain"
    return resp  # ok


@app.route("/xml-tag", methods=["POST"])
def xml_tag():
    import xml.etree.ElementTree as ET

    return ET.fromstring(request.data).tag  # ok


@app.route("/json-text")
def json_as_html():
    # json.dumps keeps "<": sent as text/html (make_response's default), it is markup
    return make_response(json.dumps({"q": request.args["q"]}), 200)  # expect: FB403


@app.route("/jsonify")
def jsonified():
    from flask import jsonify

    return jsonify(q=request.args["q"])  # ok


@app.route("/later/text")
def later_text():
    resp = make_response(f"<b>{request.args['x']}</b>")
    resp.mimetype = "text/plain"
    return resp


@app.route("/twice")
def twice():
    resp = make_response("<p>hello</p>")
    if request.args.get("echo"):
        resp = make_response("<p>" + request.args["echo"] + "</p>")  # expect: FB403
    return resp
