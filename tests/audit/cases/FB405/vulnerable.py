from flask import Blueprint, Flask, redirect, request, session, url_for
from flask.views import View

app = Flask(__name__)
auth = Blueprint("auth", __name__)


@auth.route("/login", methods=["GET", "POST"])
def login():
    next_url = request.args.get("next")
    session["user"] = 1
    return redirect(next_url or url_for("index"))  # expect: FB405


@app.route("/out")
def out():
    return redirect(request.values["url"])  # expect: FB405


@app.route("/go/<path:target>")
def go(target):
    return redirect(target)  # expect: FB405


@app.route("/form", methods=["POST"])
def form():
    data = {"back": request.form.get("back"), "msg": "ok"}
    return redirect(data["back"], code=302)  # expect: FB405


@app.route("/scheme")
def scheme():
    host = request.args["host"]
    return redirect("https://" + host + "/welcome")  # expect: FB405


class Bounce(View):
    def dispatch_request(self):
        return redirect(request.args.get("to"))  # expect: FB405


app.add_url_rule("/bounce", view_func=Bounce.as_view("bounce"))


def _target():
    return request.args.get("return_to", "/")


@app.route("/helper")
def helper():
    return redirect(_target())  # expect: FB405
