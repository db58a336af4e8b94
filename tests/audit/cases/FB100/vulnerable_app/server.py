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
