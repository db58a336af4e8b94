from flask import Flask, jsonify, session, abort, request

app = Flask(__name__)
NOTES = {
    1: {"owner": "alice", "text": "alice's secret"},
    2: {"owner": "bob", "text": "bob's secret"},
}
POSTS = {1: {"title": "public"}}


@app.route("/notes/<int:note_id>")
def get_note(note_id):
    note = NOTES.get(note_id)  # expect: FB850
    return jsonify(note)


@app.route("/notes2/<int:note_id>")
def get_note2(note_id):
    note = NOTES[note_id]  # expect: FB850
    return jsonify(note)


@app.route("/notes3/<int:note_id>")
def get_note3(note_id):
    note = NOTES.get(note_id)  # ok
    if note["owner"] != session.get("user"):
        abort(403)
    return jsonify(note)


@app.route("/posts/<int:post_id>")
def post(post_id):
    return jsonify(POSTS[post_id])  # ok
