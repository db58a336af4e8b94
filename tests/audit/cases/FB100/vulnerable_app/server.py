import flask
from flask_socketio import SocketIO

application = flask.Flask(__name__)
socketio = SocketIO(application)

def main():
    application.run(host="127.0.0.1", use_debugger=True)  # expect: FB100

def realtime():
    socketio.run(application, debug=True)  # expect: FB100

def indirect():
    options = {"debug": True}
    application.run(**options)  # known-miss: FB100 keyword dicts are not followed


def positional():
    application.run("127.0.0.1", 5000, True)  # expect: FB100


def wsgi_debugger():
    from werkzeug.debug import DebuggedApplication
    from werkzeug.serving import run_simple

    run_simple("localhost", 5000, application, use_debugger=True)  # expect: FB100
    return DebuggedApplication(application, evalex=True)  # expect: FB100


def from_env():
    import os

    application.run(debug=os.environ.get("FLASK_DEBUG", True))  # expect: FB100
