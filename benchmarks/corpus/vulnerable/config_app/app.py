"""Config: a single-module app with the configuration mistakes of countless tutorials."""

from flask import Flask, render_template, request

app = Flask(__name__)  # expect: FB602, FB700
app.config["SECRET_KEY"] = "super-secret-key"  # expect: FB111
app.config["DEBUG"] = True  # expect: FB101


@app.route("/")
def index():
    return render_template("index.html")


@app.route("/contact", methods=["POST"])
def contact():
    app.logger.info("contact form from %s", request.form["email"])  # expect: FB414
    return render_template("index.html", sent=True)


if __name__ == "__main__":
    app.run(host="0.0.0.0", port=5000, debug=True)  # expect: FB100, FB901
