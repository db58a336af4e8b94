import jwt
from flask import Flask, abort, request
from jose import jwt as jose_jwt

app = Flask(__name__)


@app.get("/me")
def me():
    token = request.headers["Authorization"].removeprefix("Bearer ")
    claims = jwt.decode(token, options={"verify_signature": False})  # expect: FB113
    legacy = jwt.decode(token, "key", verify=False)  # expect: FB113
    other = jose_jwt.decode(token, "key", algorithms=["HS256", "none"])  # expect: FB113
    return {"user": claims["sub"], "legacy": legacy, "other": other}
