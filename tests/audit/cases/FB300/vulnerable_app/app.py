from flask import Blueprint, Flask, request, session
from flask.views import MethodView

app = Flask(__name__)
bp = Blueprint("notes", __name__)


@app.route("/transfer", methods=["GET", "POST"])  # expect: FB300
def transfer():
    if request.method == "POST":
        move_money(session["user_id"], request.form["to"], request.form["amount"])
    return "ok"


@bp.post("/notes/<int:note_id>/delete")  # expect: FB300
def delete(note_id):
    return "deleted"


@app.get("/notes")
def notes():
    return "list"


class ItemAPI(MethodView):
    def get(self):
        return "items"

    def post(self):
        return "created"


app.add_url_rule("/items", view_func=ItemAPI.as_view("items"))  # expect: FB300
app.register_blueprint(bp)


@app.post("/api/import")  # expect: FB300
def import_items():
    return save(request.get_json(force=True))
