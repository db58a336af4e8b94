from flask import Flask, session

app = Flask(__name__)
app.config.update(
    SESSION_COOKIE_SECURE=True,
    SESSION_COOKIE_DOMAIN=".shop.example",  # expect: FB206
)


@app.post("/cart")
def add_to_cart():
    session["cart"] = [1, 2]
    return "ok"
