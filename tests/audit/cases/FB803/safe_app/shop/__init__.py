from flask import Flask
from flask_admin import Admin

from .models import Order, User, db
from .views import OrderView, SecureView

app = Flask(__name__)
admin = Admin(app, name="shop")
admin.add_view(SecureView(User, db.session))
admin.add_view(OrderView(Order, db.session))
