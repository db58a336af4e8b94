import sqlite3

COLUMNS = {"title", "owner", "created"}
ORDERS = {"id": "id", "title": "title"}


class Report:
    def __init__(self, req):
        column = req.args.get("column", "title")
        self.column = column if column in COLUMNS else "title"
        self.owner = req.args.get("owner", "")

    def run(self):
        con = sqlite3.connect("/srv/docs/docs.db")
        return con.execute(f"SELECT {self.column}, count(*) FROM document GROUP BY {self.column}").fetchall()  # ok: FB401

    def by_owner(self, order):
        sql = "SELECT id, title FROM document WHERE owner = ? ORDER BY " + ORDERS.get(order, "id")
        return sqlite3.connect("/srv/docs/docs.db").execute(sql, (self.owner,)).fetchall()  # ok: FB401
