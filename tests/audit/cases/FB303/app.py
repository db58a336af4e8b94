from flask import Flask, render_template, session

app = Flask(__name__)


@app.route("/transfer", methods=["GET", "POST"])
def transfer():
    return render_template("transfer.html", user=session.get("user_id"))
