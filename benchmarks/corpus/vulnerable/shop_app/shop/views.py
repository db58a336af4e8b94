from flask import Blueprint, jsonify, render_template, request
from flask_login import current_user, login_required
from sqlalchemy import text

from . import db
from .models import Order

shop = Blueprint("shop", __name__)


@shop.route("/products")
def products():
    category = request.args.get("category", "all")
    sort = request.args.get("sort", "name")
    rows = db.session.execute(text(f"SELECT * FROM product WHERE category = '{category}' ORDER BY {sort}"))  # expect: FB401
    return render_template("products.html", products=rows)


@shop.route("/orders/<int:order_id>")
@login_required
def order_detail(order_id):
    order = Order.query.get_or_404(order_id)  # expect: FB850
    return render_template("order.html", order=order, user=current_user)


@shop.route("/orders/<int:order_id>/address", methods=["POST"])  # expect: FB300
@login_required
def change_address(order_id):
    order = db.session.get(Order, order_id)  # expect: FB850
    order.address = request.form["address"]
    db.session.commit()
    return jsonify(ok=True)


@shop.route("/reports/sales")
@login_required
def sales_report():
    import psycopg

    start = request.args["from"]
    with psycopg.connect() as conn:
        cur = conn.execute("SELECT day, sum(total) FROM orders WHERE day >= '" + start + "' GROUP BY day")  # expect: FB401
        return jsonify(cur.fetchall())
