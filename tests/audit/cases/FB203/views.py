from flask import Flask, make_response, request

app = Flask(__name__)
COOKIE_OPTIONS = {"secure": True, "httponly": True, "samesite": "Lax"}


@app.post("/remember")
def remember():
    resp = make_response("ok")
    resp.set_cookie("remember_token", request.form["token"])  # expect: FB203
    resp.set_cookie("cart_id", "42", secure=True, httponly=True)  # expect: FB203
    resp.set_cookie("sid", "x", secure=False, httponly=True, samesite="Lax")  # expect: FB203
    return resp
