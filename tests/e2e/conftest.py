"""The vault in its production shape: gunicorn (2 workers) over TLS, PostgreSQL, Redis.

Everything is real: a self-signed certificate made here, a fresh PostgreSQL
database per session, Redis databases 6 (sessions) and 7 (rate limits), and
Debian's headless Chromium driven by Playwright.
"""

from __future__ import annotations

import os
import secrets
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
VAULT = ROOT / "examples" / "vault"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
SESSION_DB = 6
RATELIMIT_DB = 7
SCREENSHOTS = ROOT / "docs" / "screenshots"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_for_port(
    port: int,
    proc: subprocess.Popen[bytes] | None = None,
    log_path: Path | None = None,
    timeout: float = 30,
) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            out = log_path.read_text(errors="replace") if log_path else ""
            raise RuntimeError(f"server exited with {proc.returncode}:\n{out}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise TimeoutError(f"nothing listening on 127.0.0.1:{port}")


@pytest.fixture(scope="session")
def pg_url() -> Iterator[str]:
    """A fresh PostgreSQL database, dropped afterwards."""
    import psycopg

    name = f"vault_test_{secrets.token_hex(4)}"
    admin = "postgresql://postgres@127.0.0.1:5432/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"postgresql://postgres@127.0.0.1:5432/{name}"
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def flush_redis(db: int) -> None:
    import redis

    redis.Redis(host="127.0.0.1", port=6379, db=db).flushdb()


@dataclass
class VaultServer:
    url: str
    port: int
    env: dict[str, str]
    admin_email: str
    admin_password: str


def _vault_env(pg_url: str, tmp: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("BASTION_", "FLASK_"))}
    env.update(
        {
            "SECRET_KEY": secrets.token_urlsafe(48),
            "DATABASE_URL": pg_url,
            "BASTION_PROFILE": "production",
            "BASTION_SESSION_URL": f"redis://127.0.0.1:6379/{SESSION_DB}",
            "BASTION_RATELIMIT_STORAGE_URL": f"redis://127.0.0.1:6379/{RATELIMIT_DB}",
            "BASTION_TRUSTED_HOSTS": "127.0.0.1,localhost",
            "VAULT_UPLOAD_FOLDER": str(tmp / "uploads"),
            "PYTHONPATH": str(VAULT),
        }
    )
    return env


def _flask(env: dict[str, str], *args: str) -> None:
    subprocess.run(
        [sys.executable, "-m", "flask", "--app", "vault", *args],
        cwd=VAULT,
        env=env,
        check=True,
        capture_output=True,
        timeout=60,
    )


@pytest.fixture(scope="session")
def vault_server(
    tls_cert: tuple[Path, Path], pg_url: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[VaultServer]:
    """gunicorn with 2 workers serving the vault over HTTPS."""
    flush_redis(SESSION_DB)
    flush_redis(RATELIMIT_DB)
    env = _vault_env(pg_url, tmp_path_factory.mktemp("vault"))
    admin_email, admin_password = "admin@vault.example", secrets.token_urlsafe(16)
    _flask(env, "init-db")
    _flask(env, "seed-demo", "--email", admin_email, "--password", admin_password, "--admin")
    port = free_port()
    cert, key = tls_cert
    log_path = tmp_path_factory.mktemp("logs") / "gunicorn.log"
    log = log_path.open("wb")
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "--workers",
            "2",
            # gthread: a browser's idle preconnected sockets would pin sync workers.
            "--worker-class",
            "gthread",
            "--threads",
            "4",
            "--bind",
            f"127.0.0.1:{port}",
            "--certfile",
            str(cert),
            "--keyfile",
            str(key),
            "--chdir",
            str(VAULT),
            "--access-logfile",
            "-",
            "--error-logfile",
            "-",
            "wsgi:app",
        ],
        env=env,
        # A file, not a pipe: nobody drains a pipe, and a full one blocks gunicorn.
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        wait_for_port(port, proc, log_path)
        yield VaultServer(f"https://127.0.0.1:{port}", port, env, admin_email, admin_password)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()
        flush_redis(SESSION_DB)
        flush_redis(RATELIMIT_DB)


class _AttackerHandler(BaseHTTPRequestHandler):
    page = b""

    def do_GET(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.end_headers()
        self.wfile.write(self.page)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture()
def attacker_site() -> Iterator[tuple[str, type[_AttackerHandler]]]:
    """Another origin (plain HTTP, another port) that can serve a hostile page."""
    handler = type("Handler", (_AttackerHandler,), {})
    server = ThreadingHTTPServer(("127.0.0.1", free_port()), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", handler
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium is missing: run scripts/setup.sh (it installs Debian's chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield b
        b.close()


def screenshot(page: object, name: str) -> None:
    """Save a screenshot for the README when BASTION_SCREENSHOTS=1."""
    if os.environ.get("BASTION_SCREENSHOTS") == "1":
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)  # type: ignore[attr-defined]
