from flask import Blueprint, abort, jsonify, render_template, request
from flask_login import current_user, login_required
from sqlalchemy import text

from . import db
from .models import Order

shop = Blueprint("shop", __name__)
SORTS = {"name": "name", "price": "price DESC"}


@shop.route("/products")
def products():
    category = request.args.get("category", "all")
    sort = SORTS.get(request.args.get("sort", "name"), "name")
    rows = db.session.execute(text(f"SELECT * FROM product WHERE category = :c ORDER BY {sort}"), {"c": category})  # ok: FB401
    return render_template("products.html", products=rows)


@shop.route("/orders/<int:order_id>")
@login_required
def order_detail(order_id):
    order = Order.query.filter_by(id=order_id, user_id=current_user.id).first_or_404()  # ok: FB850
    return render_template("order.html", order=order)


@shop.route("/orders/<int:order_id>/address", methods=["POST"])
@login_required
def change_address(order_id):
    order = db.session.get(Order, order_id)  # ok: FB850
    if order is None or order.user_id != current_user.id:
        abort(404)
    order.address = request.form["address"]
    db.session.commit()
    return jsonify(ok=True)


@shop.route("/reports/sales")
@login_required
def sales_report():
    import psycopg

    start = request.args["from"]
    with psycopg.connect() as conn:
        cur = conn.execute("SELECT day, sum(total) FROM orders WHERE day >= %s GROUP BY day", (start,))  # ok: FB401
        return jsonify(cur.fetchall())
