from flask import Flask, request
from flask_restful import Api, Resource, reqparse
from flask_wtf import FlaskForm
from sqlalchemy import text
from wtforms import StringField

from shop.models import User, db

app = Flask(__name__)
api = Api(app)
parser = reqparse.RequestParser()
parser.add_argument("name")


class SearchForm(FlaskForm):
    q = StringField("q")


@app.route("/search", methods=["POST"])
def search():
    form = SearchForm()
    if form.validate_on_submit():
        sql = "SELECT * FROM posts WHERE title LIKE '%" + form.q.data + "%'"
        return {"rows": db.session.execute(text(sql)).all()}  # expect: FB401
    return {"rows": []}


@app.route("/sort")
def sort():
    column = request.args.get("sort", "id")
    return {"ids": [u.id for u in User.query.order_by(column).all()]}  # expect: FB401


@app.route("/filters")
def filters():
    sql = "SELECT * FROM items WHERE 1=1"
    for key, value in request.args.items():
        sql += f" AND {key} = '{value}'"
    return {"rows": db.session.execute(text(sql)).all()}  # expect: FB401


class People(Resource):
    def get(self):
        args = parser.parse_args()
        return {"rows": db.session.execute(text("SELECT * FROM p WHERE n = '%s'" % args["name"])).all()}  # expect: FB401


api.add_resource(People, "/people")


class Finder:
    @classmethod
    def by_name(cls, name):
        return db.session.execute(text(f"SELECT * FROM users WHERE name = '{name}'"))  # expect: FB401


@app.route("/by-name")
def by_name():
    return {"rows": Finder.by_name(request.args["n"]).all()}


def build_query(req):
    return "SELECT * FROM logs WHERE level = '" + req.args["level"] + "'"


@app.route("/logs")
def logs():
    return {"rows": db.session.execute(text(build_query(request))).all()}  # expect: FB401


@app.route("/safe-order")
def safe_order():
    column = request.args.get("sort", "id")
    return {"ids": [u.id for u in User.query.order_by(getattr(User, column)).all()]}  # ok


@app.route("/safe-filter")
def safe_filter():
    return {"ids": [u.id for u in User.query.filter(User.name == request.args["n"]).all()]}  # ok


@app.route("/params")
def params():
    return {"rows": db.session.execute(text("SELECT * FROM t WHERE a = :a"), {"a": request.args["a"]}).all()}  # ok
