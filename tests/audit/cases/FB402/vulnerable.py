import jinja2
from flask import Flask, render_template_string, request
from flask.views import MethodView
from jinja2 import Environment, Template

app = Flask(__name__)


def create_app():
    app = Flask(__name__)

    @app.route("/hello")
    def hello():
        name = request.args.get("name", "world")
        template = "<h1>Hello %s!</h1>" % name
        return render_template_string(template)  # expect: FB402

    return app


@app.errorhandler(404)
def not_found(e):
    page = """<h1>Not found</h1><p>{}</p>""".format(request.url)
    return render_template_string(page), 404  # expect: FB402


@app.route("/greet/<path:who>")
def greet(who):
    return Template("Hi " + who).render()  # expect: FB402


@app.post("/preview")
def preview():
    body = request.form["body"]
    env = Environment()
    return env.from_string(body).render(user="x")  # expect: FB402


class Page(MethodView):
    def get(self, slug):
        return jinja2.Template(f"<title>{slug}</title>").render()  # expect: FB402


app.add_url_rule("/page/<slug>", view_func=Page.as_view("page"))


@app.route("/json")
def from_json():
    payload = request.get_json(silent=True) or {}
    return render_template_string(payload.get("tpl", ""), x=1)  # expect: FB402


@app.route("/header")
def header():
    ua = request.headers.get("User-Agent")
    return render_template_string(f"<p>Your browser: {ua}</p>")  # expect: FB402
