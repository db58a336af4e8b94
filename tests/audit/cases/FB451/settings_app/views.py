from flask import Flask, render_template

app = Flask(__name__)


@app.get("/posts/<int:post_id>")
def show(post_id):
    return render_template("layout.html", post=load_post(post_id), user=current_user())
