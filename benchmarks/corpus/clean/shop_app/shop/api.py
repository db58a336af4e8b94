from urllib.parse import urlparse

import requests
from flask import Blueprint, abort, current_app, jsonify, request
from flask.views import MethodView
from flask_login import login_required

from . import csrf, db

api = Blueprint("api", __name__)
IMAGE_HOSTS = {"images.example-cdn.com", "static.example-cdn.com"}


def image_url(raw):
    """Only our CDN over HTTPS: the server never fetches a URL the client picked freely."""
    parts = urlparse(raw)
    if parts.scheme != "https" or parts.hostname not in IMAGE_HOSTS:
        abort(400)
    return parts.geturl()


class ProductSearch(MethodView):
    decorators = [login_required]

    def get(self):
        name = request.args.get("name", "")
        stmt = db.text("SELECT id, name FROM product WHERE name LIKE :pattern")
        rows = db.session.execute(stmt, {"pattern": f"%{name}%"})  # ok: FB401
        return jsonify([dict(r._mapping) for r in rows])


class ImageProxy(MethodView):
    def get(self):
        url = image_url(request.args["url"])
        upstream = requests.get(url, timeout=5)  # ok: FB412
        return upstream.content, upstream.status_code, {"Content-Type": "image/png"}


class Webhook(MethodView):
    decorators = [csrf.exempt]

    def post(self):
        payload = request.get_json()
        callback = current_app.config["PARTNER_CALLBACK_URL"]
        requests.post(callback, json={"received": payload["id"]}, timeout=5)  # ok: FB412
        return "", 204


api.add_url_rule("/products", view_func=ProductSearch.as_view("products"))
api.add_url_rule("/image", view_func=ImageProxy.as_view("image"))
api.add_url_rule("/webhook", view_func=Webhook.as_view("webhook"))
