FLASK_APP=crm:create_app
