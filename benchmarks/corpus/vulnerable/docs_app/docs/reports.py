import sqlite3

QUERIES = {"by_owner": "SELECT id, title FROM document WHERE owner = '{owner}' ORDER BY {order}"}


class Report:
    def __init__(self, req):
        self.column = req.args.get("column", "title")
        self.owner = req.args.get("owner", "")

    def run(self):
        con = sqlite3.connect("/srv/docs/docs.db")
        return con.execute(f"SELECT {self.column}, count(*) FROM document GROUP BY {self.column}").fetchall()  # expect: FB401

    def by_owner(self, order):
        sql = QUERIES["by_owner"].format(owner=self.owner, order=order)
        return sqlite3.connect("/srv/docs/docs.db").execute(sql).fetchall()  # expect: FB401
