from flask import Flask, abort, jsonify, request
from sqlalchemy import select

import exporters

app = Flask(__name__)

EXPORTERS = {"csv": exporters.csv, "json": exporters.json}
ALLOWED = {"csv", "json"}


@app.get("/export")
def export():
    export = EXPORTERS.get(request.args.get("format", "csv"))
    if export is None:
        abort(404)
    return export()  # ok


@app.get("/export2")
def export2():
    fmt = request.args.get("format", "csv")
    if fmt not in ALLOWED:
        abort(404)
    return getattr(exporters, fmt)()  # ok


class Events:
    def on_open(self):
        return "opened"

    def on_close(self):
        return "closed"


@app.post("/events/<event>")
def event(event):
    handler = getattr(Events(), "on_" + event, None)
    if handler is None:
        abort(404)
    return jsonify(result=handler())  # ok


class Item:
    name = ""
    created = None


@app.get("/items")
def items():
    # an attribute read for sorting, never called
    column = getattr(Item, request.args.get("sort", "name"), Item.name)  # ok
    return jsonify(query=str(select(Item).order_by(column)))
