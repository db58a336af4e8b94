import requests
from flask import Blueprint, jsonify, request
from flask.views import MethodView
from flask_login import login_required

from . import db

api = Blueprint("api", __name__)


class ProductSearch(MethodView):
    decorators = [login_required]

    def get(self):
        name = request.args.get("name", "")
        stmt = "SELECT id, name FROM product WHERE name LIKE '%%%s%%'" % name
        return jsonify([dict(r._mapping) for r in db.session.execute(db.text(stmt))])  # expect: FB401


class ImageProxy(MethodView):
    def get(self):
        url = request.args["url"]
        upstream = requests.get(url, timeout=5)  # expect: FB412
        return upstream.content, upstream.status_code, {"Content-Type": upstream.headers["Content-Type"]}


class Webhook(MethodView):
    def post(self):
        payload = request.get_json()
        callback = payload["callback_url"]
        requests.post(callback, json={"received": True}, timeout=5)  # expect: FB412
        return "", 204


api.add_url_rule("/products", view_func=ProductSearch.as_view("products"))
api.add_url_rule("/image", view_func=ImageProxy.as_view("image"))
api.add_url_rule("/webhook", view_func=Webhook.as_view("webhook"))
