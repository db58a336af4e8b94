import requests
from flask import Flask
from flask_restx import Api, Resource

app = Flask(__name__)
api = Api(app)
http = requests.Session()
HOOKS = {"slack": "https://hooks.slack.com/services/T000/B000/XXX"}


@api.route("/boards/<int:board_id>/webhook")
class Webhook(Resource):
    def post(self, board_id):
        http.get(api.payload["webhook"], timeout=5)  # expect: FB412
        return {"ok": True}

    def put(self, board_id):
        http.post(HOOKS[api.payload["service"]], json={"board": board_id}, timeout=5)
        return {"ok": True}
