"""Redis-backed sessions for a fleet: outages, worker processes, Sentinel, Cluster.

Everything runs against real servers: private ``redis-server`` processes
started on free loopback ports (so stopping one disturbs nobody), and the
shared Redis on 127.0.0.1:6379, database 2, for the two-worker test (which
also runs on one shared SQLite file). The workers are this file run as a
script (see the bottom), each serving the same app with
``werkzeug.serving.make_server`` in its own process.
"""

from __future__ import annotations

import http.client
import json
import logging
import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import redis
from flask import Flask, jsonify, session
from flask_login import LoginManager, UserMixin, current_user, login_user, logout_user

from flask_bastion import Bastion

pytestmark = [
    pytest.mark.redis,
    pytest.mark.skipif(shutil.which("redis-server") is None, reason="needs redis-server"),
]

SHARED_REDIS = "redis://127.0.0.1:6379/2"


class User(UserMixin):
    def __init__(self, user_id: str) -> None:
        self.id = user_id


def make_app(url: str, instance: str, secret: str, prefix: str) -> Flask:
    app = Flask(__name__, instance_path=instance)
    app.config.update(
        SECRET_KEY=secret,
        BASTION_PROFILE="testing",
        BASTION_SESSION_URL=url,
        BASTION_SESSION_KEY_PREFIX=prefix,
    )
    Bastion(app)
    LoginManager(app).user_loader(User)

    @app.get("/login/<name>")
    def do_login(name: str) -> Any:
        login_user(User(name))
        return "in"

    @app.get("/logout")
    def do_logout() -> Any:
        logout_user()
        return "out"

    @app.get("/put/<key>/<value>")
    def put(key: str, value: str) -> Any:
        session[key] = value
        return "ok"

    @app.get("/show")
    def show() -> Any:
        return jsonify(data=dict(session), user=current_user.get_id(), pid=os.getpid())

    @app.get("/health")
    def health() -> Any:
        return "up"

    return app


def free_port() -> int:
    """A free port whose cluster bus port (+10000) is a valid, free port too."""
    while True:
        with socket.socket() as sock, socket.socket() as bus:
            sock.bind(("127.0.0.1", 0))
            port = int(sock.getsockname()[1])
            if port + 10000 > 65535:
                continue
            try:
                bus.bind(("127.0.0.1", port + 10000))
            except OSError:
                continue
            return port


def wait_until(check: Any, what: str, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if check():
                return
        except (redis.exceptions.RedisError, OSError):
            pass
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


class PrivateRedis:
    """A ``redis-server`` of our own, which a test may stop and start again."""

    def __init__(self, folder: Path, *args: str, port: int | None = None) -> None:
        self.port = port or free_port()
        self.folder = folder
        self.args = args
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> PrivateRedis:
        self.folder.mkdir(parents=True, exist_ok=True)
        options = ["--port", str(self.port), "--bind", "127.0.0.1", "--save", ""]
        options += ["--appendonly", "no", "--dir", str(self.folder)]
        self.process = subprocess.Popen(
            ["redis-server", *self.args, *options],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        client = redis.Redis(port=self.port, socket_timeout=1)
        wait_until(client.ping, f"redis-server on port {self.port}")
        return self

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None


@pytest.fixture
def private_redis(tmp_path: Path) -> Iterator[PrivateRedis]:
    server = PrivateRedis(tmp_path / "redis").start()
    yield server
    server.stop()


def events(caplog: pytest.LogCaptureFixture, name: str) -> list[dict[str, Any]]:
    return [
        dict(getattr(r, "bastion_fields", {}))
        for r in caplog.records
        if getattr(r, "bastion_event", None) == name
    ]


# -- fail closed, then recover --------------------------------------------------


def test_redis_outage_fails_closed_with_503_then_recovers(
    private_redis: PrivateRedis, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    url = f"redis://127.0.0.1:{private_redis.port}/0"
    app = make_app(url, str(tmp_path), secrets.token_hex(32), "outage:")
    browser = app.test_client()
    assert browser.get("/login/alice").status_code == 200
    assert browser.get("/show").json["user"] == "alice"

    private_redis.stop()
    with caplog.at_level(logging.ERROR, logger="flask_bastion.security"):
        page = browser.get("/show", headers={"Accept": "text/html"})
        api = browser.get("/show", headers={"Accept": "application/json"})
        newcomer = app.test_client().get("/put/cart/1")

    assert page.status_code == 503 and page.mimetype == "text/html"
    assert api.status_code == 503 and api.json["status"] == 503
    assert "Retry-After" in page.headers
    assert newcomer.status_code == 503, "a session that cannot be saved is not a success"
    assert "Set-Cookie" not in newcomer.headers
    assert len(events(caplog, "session.store_unavailable")) >= 3
    assert app.test_client().get("/health").status_code == 200, "no session, no store needed"

    private_redis.start()
    assert browser.get("/show").status_code == 200
    assert browser.get("/login/alice").status_code == 200
    assert browser.get("/show").json["user"] == "alice"


def test_the_503_is_a_werkzeug_error_apps_can_handle(
    private_redis: PrivateRedis, tmp_path: Path
) -> None:
    from werkzeug.exceptions import ServiceUnavailable

    from flask_bastion import SessionStoreUnavailable

    url = f"redis://127.0.0.1:{private_redis.port}/0"
    app = make_app(url, str(tmp_path), secrets.token_hex(32), "handled:")
    app.register_error_handler(SessionStoreUnavailable, lambda e: ("maintenance", 503))
    browser = app.test_client()
    browser.get("/put/cart/1")
    private_redis.stop()

    response = browser.get("/show")

    assert issubclass(SessionStoreUnavailable, ServiceUnavailable)
    assert (response.status_code, response.text) == (503, "maintenance")


# -- a fleet: two worker processes, one store -------------------------------------


class Worker:
    """This file run as a script: one app server process on a free port."""

    def __init__(self, url: str, secret: str, prefix: str, instance: Path) -> None:
        env = {**os.environ, "WORKER_SECRET": secret}
        self.process = subprocess.Popen(
            [sys.executable, __file__, url, prefix, str(instance)],
            stdout=subprocess.PIPE,
            env=env,
        )
        assert self.process.stdout is not None
        self.port = int(self.process.stdout.readline())

    def get(self, path: str, cookie: str | None = None) -> tuple[int, Any, str | None]:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        conn.request("GET", path, headers={"Cookie": f"session={cookie}"} if cookie else {})
        response = conn.getresponse()
        body = response.read()
        set_cookie = response.getheader("Set-Cookie")
        conn.close()
        issued = set_cookie.split(";")[0].split("=", 1)[1] if set_cookie else None
        data = (
            json.loads(body) if response.getheader("Content-Type") == "application/json" else body
        )
        return response.status, data, issued

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)


@pytest.fixture(
    params=[pytest.param("redis", id="redis"), pytest.param("sqlite", id="sqlite-one-file")]
)
def two_workers(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[Worker, Worker]]:
    url = SHARED_REDIS
    if request.param == "sqlite":  # two processes on one machine, one file
        url = f"sqlite:///{tmp_path / 'shared.sqlite3'}"
    secret, prefix = secrets.token_hex(32), f"fleet:{uuid.uuid4().hex}:"
    first = Worker(url, secret, prefix, tmp_path / "one")
    second = Worker(url, secret, prefix, tmp_path / "two")
    yield first, second
    first.stop()
    second.stop()


def test_two_worker_processes_share_one_session_store(
    two_workers: tuple[Worker, Worker],
) -> None:
    one, two = two_workers

    status, _, cookie = one.get("/login/alice")
    assert status == 200 and cookie is not None

    _, on_two, _ = two.get("/show", cookie)
    _, on_one, _ = one.get("/show", cookie)
    assert on_two["user"] == "alice"
    assert on_two["pid"] != on_one["pid"], "served by another process"

    status, _, _ = two.get("/logout", cookie)
    assert status == 200
    _, replayed, _ = one.get("/show", cookie)
    assert replayed["user"] is None, "logout on one worker revokes on every worker"


# -- Sentinel and Cluster URLs ----------------------------------------------------


def exercise(url: str, tmp_path: Path) -> None:
    app = make_app(url, str(tmp_path), secrets.token_hex(32), f"topo:{uuid.uuid4().hex}:")
    browser = app.test_client()
    browser.get("/login/alice")
    stolen = browser.get_cookie("session")
    assert stolen is not None
    assert browser.get("/show").json["user"] == "alice"
    browser.get("/logout")
    thief = app.test_client()
    thief.set_cookie("session", stolen.value)
    assert thief.get("/show").json["user"] is None


@pytest.mark.slow
def test_sentinel_url_finds_the_master(tmp_path: Path) -> None:
    master = PrivateRedis(tmp_path / "master").start()
    sentinel_port = free_port()
    conf = tmp_path / "sentinel.conf"
    conf.write_text(
        f"port {sentinel_port}\nbind 127.0.0.1\ndir {tmp_path}\n"
        f"sentinel monitor themaster 127.0.0.1 {master.port} 1\n"
    )
    sentinel = PrivateRedis(tmp_path / "sentinel", str(conf), "--sentinel", port=sentinel_port)
    try:
        sentinel.start()
        exercise(f"redis+sentinel://127.0.0.1:{sentinel_port}/themaster/0", tmp_path)
    finally:
        sentinel.stop()
        master.stop()


@pytest.mark.slow
def test_cluster_url_serves_and_revokes_sessions(tmp_path: Path) -> None:
    nodes = [PrivateRedis(tmp_path / f"node{i}", "--cluster-enabled", "yes") for i in range(3)]
    try:
        for node in nodes:
            node.start()
        addresses = [f"127.0.0.1:{n.port}" for n in nodes]
        subprocess.run(
            ["redis-cli", "--cluster", "create", *addresses, "--cluster-yes"],
            check=True,
            capture_output=True,
        )
        # Every node must agree the cluster is up: the client may ask any of them.
        clients = [redis.Redis(port=n.port, decode_responses=True) for n in nodes]
        wait_until(
            lambda: all(c.cluster("info")["cluster_state"] == "ok" for c in clients),
            "cluster_state:ok on every node",
            timeout=30,
        )
        exercise(f"redis+cluster://{addresses[0]}", tmp_path)
    finally:
        for node in nodes:
            node.stop()


def _serve(url: str, prefix: str, instance: str) -> None:
    from werkzeug.serving import make_server

    app = make_app(url, instance, os.environ["WORKER_SECRET"], prefix)
    server = make_server("127.0.0.1", 0, app)
    print(server.port, flush=True)
    server.serve_forever()


if __name__ == "__main__":
    logging.disable(logging.WARNING)
    _serve(*sys.argv[1:4])
