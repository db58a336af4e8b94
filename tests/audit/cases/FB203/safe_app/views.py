from flask import Flask, make_response

app = Flask(__name__)
COOKIE_OPTIONS = {"secure": True, "httponly": True, "samesite": "Lax"}


@app.post("/remember")
def remember():
    resp = make_response("ok")
    resp.set_cookie("remember_token", "t", secure=True, httponly=True, samesite="Strict")
    resp.set_cookie("theme", "dark", **COOKIE_OPTIONS)
    resp.delete_cookie("legacy")
    return resp


@app.get("/lang/<code>")
def set_language(code):
    resp = make_response("ok")
    resp.set_cookie("lang", code)
    return resp
