import importlib

from flask import Blueprint, jsonify, render_template, request

from .models import User

admin = Blueprint("admin", __name__)


@admin.route("/users")  # expect: FB801
def list_users():
    return render_template("admin/users.html", users=User.query.all())


@admin.route("/plugins/load", methods=["POST"])  # expect: FB801
def load_plugin():
    module = importlib.import_module(request.form["module"])  # expect: FB407
    return jsonify(loaded=module.__name__)


@admin.route("/eval", methods=["POST"])  # expect: FB801
def run_snippet():
    scope = {}
    exec(request.form["code"], scope)  # expect: FB407
    return jsonify(result=repr(scope.get("result")))
