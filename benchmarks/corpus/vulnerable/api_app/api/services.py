import hashlib
import logging
import random
import sqlite3

import httpx

logger = logging.getLogger(__name__)
DB = "/var/lib/api/api.db"


class AccountService:
    table = "account"

    def __init__(self):
        self.conn = sqlite3.connect(DB)

    def find(self, email):
        cur = self.conn.cursor()
        cur.execute(f"SELECT id, email FROM {self.table} WHERE email = '{email}'")  # expect: FB401
        return cur.fetchone()

    def create(self, email, password):
        digest = hashlib.sha256(password.encode()).hexdigest()  # expect: FB430
        self.conn.execute("INSERT INTO account (email, pw) VALUES (?, ?)", (email, digest))
        logger.debug(f"created account {email} with password {password}")  # expect: FB802, FB414

    def one_time_code(self):
        return str(random.randint(100000, 999999))  # expect: FB431

    def api_key(self):
        return "%032x" % random.getrandbits(128)  # expect: FB431


def check_status(host):
    return httpx.get(f"http://{host}/healthz", timeout=3).status_code  # expect: FB412


def notify(url, payload):
    with httpx.Client() as client:
        client.post(url, json=payload)  # expect: FB412
