from flask import Flask, abort, jsonify, request

import exporters

app = Flask(__name__)


@app.get("/export")
def export():
    fmt = request.args.get("format", "csv")
    return getattr(exporters, fmt)()  # expect: FB417


class Admin:
    def reindex(self):
        return "reindexed"

    def purge(self):
        return "purged"


@app.post("/admin/<action>")
def admin_action(action):
    handler = getattr(Admin(), action)
    return jsonify(result=handler())  # expect: FB417


def to_csv(rows):
    return ",".join(rows)


@app.post("/convert")
def convert():
    func = globals()[request.form["converter"]]
    if func is None:
        abort(404)
    return func(request.form.getlist("rows"))  # expect: FB417
