FLASK_APP=app.py
FLASK_DEBUG=1  # expect: FB102
