"""gunicorn settings for the vault (M21): a real WSGI server behind a TLS proxy.

Run: ``gunicorn --chdir examples/vault -c gunicorn.conf.py wsgi:app``. The
proxy in front terminates TLS and sets X-Forwarded-For/-Proto; the app
trusts exactly one hop (``BASTION_TRUSTED_PROXIES=1``) and nothing else.
"""

import multiprocessing
import os

bind = os.environ.get("VAULT_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("VAULT_WORKERS", str(multiprocessing.cpu_count() * 2 + 1)))
worker_class = "gthread"
threads = 4
timeout = 30
# gunicorn itself must not rewrite the scheme from headers: the app's ProxyFix
# does, for exactly the configured number of proxies.
forwarded_allow_ips = "127.0.0.1"
accesslog = "-"
limit_request_line = 4094
limit_request_fields = 100
