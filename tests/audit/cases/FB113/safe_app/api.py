import jwt
from flask import Flask, current_app, request

app = Flask(__name__)


@app.get("/me")
def me():
    token = request.headers["Authorization"].removeprefix("Bearer ")
    claims = jwt.decode(token, current_app.config["JWT_KEY"], algorithms=["HS256"])
    header = jwt.get_unverified_header(token)
    return {"user": claims["sub"], "kid": header.get("kid")}
