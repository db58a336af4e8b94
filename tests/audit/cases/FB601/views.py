import traceback

from flask import Flask, abort, jsonify, render_template, request

app = Flask(__name__)


@app.post("/import")
def import_data():
    try:
        load(request.get_json())
    except Exception as e:
        return jsonify({"error": str(e)}), 500  # expect: FB601
    return jsonify(ok=True)


@app.get("/report")
def report():
    try:
        return build()
    except ValueError as exc:
        return f"bad input: {exc}", 500  # expect: FB601


@app.post("/sync")
def sync():
    try:
        push()
    except RuntimeError as err:
        abort(502, str(err))  # expect: FB601
    return "ok"


@app.get("/page")
def page():
    try:
        return render_page()
    except LookupError as e:
        return render_template("error.html", error=e), 500  # expect: FB601


@app.get("/crash")
def crash():
    try:
        return render_page()
    except ZeroDivisionError:
        return {"error": traceback.format_exc()}, 500  # expect: FB601


@app.post("/parse")
def parse():
    try:
        return jsonify(total=int(request.form["n"]))
    except (ValueError, OSError) as e:
        return jsonify(error=str(e)), 400  # expect: FB601
