import base64, json, sqlite3
from flask import Flask, request, g, render_template_string, make_response, redirect

app = Flask(__name__)

def load_session(req):
    cookie = req.cookies.get("vulpy_session")
    if not cookie:
        return {}
    return json.loads(base64.b64decode(cookie))

@app.before_request
def before():
    g.session = load_session(request)

def get_posts(username):
    conn = sqlite3.connect("db.sqlite")
    c = conn.cursor()
    rows = c.execute("SELECT * FROM posts WHERE username = '{}' ORDER BY date DESC".format(username)).fetchall()
    return rows

@app.route("/posts")
def posts():
    return str(get_posts(g.session["username"]))

@app.route("/hello")
def hello():
    name = g.session.get("username", "anon")
    return "<p>Hello " + name + "</p>"  # expect: FB403
