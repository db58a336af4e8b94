import logging
import secrets
import sqlite3
from urllib.parse import urlsplit

import httpx
from argon2 import PasswordHasher

logger = logging.getLogger(__name__)
DB = "/var/lib/api/api.db"
HEALTH_HOSTS = {"billing.internal.example", "search.internal.example"}
HOOK_HOSTS = {"hooks.partner.example"}
hasher = PasswordHasher()


class AccountService:
    table = "account"

    def __init__(self):
        self.conn = sqlite3.connect(DB)

    def find(self, email):
        cur = self.conn.cursor()
        cur.execute(f"SELECT id, email FROM {self.table} WHERE email = ?", (email,))  # ok: FB401
        return cur.fetchone()

    def create(self, email, password):
        digest = hasher.hash(password)  # ok: FB430
        self.conn.execute("INSERT INTO account (email, pw) VALUES (?, ?)", (email, digest))
        logger.debug("created account %s", self.conn.total_changes)  # ok: FB802, FB414

    def one_time_code(self):
        return f"{secrets.randbelow(1_000_000):06d}"  # ok: FB431

    def api_key(self):
        return secrets.token_hex(16)  # ok: FB431


def check_status(host):
    if host not in HEALTH_HOSTS:
        raise ValueError("unknown service")
    return httpx.get(f"http://{host}/healthz", timeout=3).status_code  # ok: FB412


def notify(url, payload):
    if urlsplit(url).hostname not in HOOK_HOSTS:
        raise ValueError("webhook host not allowed")
    with httpx.Client() as client:
        client.post(url, json=payload)  # ok: FB412
