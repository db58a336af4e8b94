from flask import Flask, abort
from flask_login import LoginManager, current_user, login_required
from flask_restx import Api, Resource
from flask_sqlalchemy import SQLAlchemy

app = Flask(__name__)
db = SQLAlchemy(app)
api = Api(app)
login = LoginManager(app)


class Board(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    owner_id = db.Column(db.Integer, nullable=False)
    name = db.Column(db.String(80))


@api.route("/boards/<int:board_id>")
class BoardItem(Resource):
    method_decorators = [login_required]

    def delete(self, board_id):
        Board.query.filter(Board.id == board_id).delete()  # expect: FB850
        db.session.commit()
        return "", 204


@api.route("/mine/<int:board_id>")
class MyBoard(Resource):
    method_decorators = [login_required]

    def get(self, board_id):
        board = Board.query.get_or_404(board_id)
        if board.owner_id != current_user.id:
            abort(404)
        return {"name": board.name}
