from flask import Flask
from flask_admin import Admin
from flask_admin.contrib.sqla import ModelView

from models import Order, User, db

app = Flask(__name__)
admin = Admin(app, name="shop")


class OrderView(ModelView):
    column_list = ("id", "total")


admin.add_view(ModelView(User, db.session))  # expect: FB803
admin.add_view(OrderView(Order, db.session))  # expect: FB803
