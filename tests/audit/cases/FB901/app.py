from flask import Flask

app = Flask(__name__)

if __name__ == "__main__":
    app.run(host="0.0.0.0", port=8080)  # expect: FB901
    app.run("0.0.0.0")  # expect: FB901
    from werkzeug.serving import run_simple

    run_simple("0.0.0.0", 8000, app)  # expect: FB901
    import os

    app.run(host=os.getenv("HOST", "0.0.0.0"))  # expect: FB901
