import os
import threading

from flask import Flask

app = Flask(__name__)


@app.get("/health")
def health():
    return {"ok": True}


if __name__ == "__main__":
    threading.Thread(target=print).run()
    app.run(debug=os.environ.get("FLASK_DEBUG") == "1")
    app.run(debug=False)
