from flask import Flask as F, render_template

app = F(__name__)


@app.route("/")
def index():
    return render_template("index.html")


if __name__ == "__main__":
    app.run(debug=True)  # expect: FB100
