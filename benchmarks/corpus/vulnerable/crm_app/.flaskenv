FLASK_APP=crm:create_app
FLASK_DEBUG=1  # expect: FB102
