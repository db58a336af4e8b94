from flask import Flask
from flask_restx import Api, Namespace, Resource, reqparse
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import text

app = Flask(__name__)
db = SQLAlchemy(app)
api = Api(app)
ns = Namespace("cards")
api.add_namespace(ns)

search = reqparse.RequestParser()
search.add_argument("q", location="args")


@api.route("/cards")
class Cards(Resource):
    def post(self):
        title = api.payload["title"]
        db.session.execute(text(f"INSERT INTO card (title) VALUES ('{title}')"))  # expect: FB401
        return {"ok": True}, 201

    def get(self):
        q = search.parse_args()["q"]
        stmt = text("SELECT id FROM card WHERE title LIKE '%" + q + "%'")  # expect: FB401
        return {"rows": db.session.execute(stmt).all()}


@ns.route("/<int:card_id>/rename")
class Rename(Resource):
    def put(self, card_id):
        body = ns.payload
        sql = "UPDATE card SET title = '%s' WHERE id = %d" % (body["title"], card_id)
        db.session.execute(text(sql))  # expect: FB401
        return {"ok": True}


@api.route("/cards/safe")
class SafeCards(Resource):
    def post(self):
        db.session.execute(
            text("INSERT INTO card (title) VALUES (:t)"), {"t": api.payload["title"]}
        )
        return {"ok": True}, 201

    def get(self):
        q = search.parse_args()["q"]
        stmt = text("SELECT id FROM card WHERE title LIKE :q").bindparams(q=f"%{q}%")
        return {"rows": db.session.execute(stmt).all()}
