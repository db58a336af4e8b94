"""M22: login failures are limited per client, across processes, and fail closed."""

from __future__ import annotations

import logging
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis
from flask import Flask, render_template_string, request
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address

from flask_bastion import Bastion, ConfigurationError
from flask_bastion.mitigations.ratelimit import login_rate_limit, mark_login_failed

SHARED_REDIS = "redis://127.0.0.1:6379/4"
LOGIN_SERVER = Path(__file__).parent / "apps" / "login_server.py"
SAME_ORIGIN = {"Sec-Fetch-Site": "same-origin"}


def make_app(**config: object) -> Flask:
    app = Flask(__name__)
    app.config.update(
        BASTION_PROFILE="testing",
        SECRET_KEY="ratelimit-tests-" + "Pz4k" * 8,
        BASTION_RATELIMIT_LOGIN="3 per minute",
        **config,
    )
    Bastion(app)

    @app.post("/login")
    @login_rate_limit(username_field="username")
    def login() -> tuple[str, int]:
        if request.form.get("password") == "right":
            return "welcome", 200
        return "wrong password", 401

    @app.route("/form-login", methods=["GET", "POST"])
    @login_rate_limit
    def form_login() -> str:
        if request.form.get("password") != "right":
            mark_login_failed()  # re-rendered with 200, still a failure
        return render_template_string("<form>try again</form>")

    return app


def attempt(client, password: str, user: str = "alice", **headers: str):  # type: ignore[no-untyped-def]
    return client.post(
        "/login",
        data={"username": user, "password": password},
        headers={**SAME_ORIGIN, **headers},
    )


def test_failures_are_limited() -> None:
    client = make_app().test_client()
    assert [attempt(client, "wrong").status_code for _ in range(3)] == [401, 401, 401]
    blocked = attempt(client, "right")
    assert blocked.status_code == 429
    assert 0 < int(blocked.headers["Retry-After"]) <= 60


def test_the_form_stays_visible_while_blocked() -> None:
    client = make_app().test_client()
    for _ in range(3):
        client.post("/form-login", data={"password": "x"}, headers=SAME_ORIGIN)
    assert client.post("/form-login", headers=SAME_ORIGIN).status_code == 429
    assert client.get("/form-login").status_code == 200


def test_successes_do_not_count() -> None:
    client = make_app().test_client()
    assert {attempt(client, "right").status_code for _ in range(10)} == {200}
    assert [attempt(client, "wrong").status_code for _ in range(3)] == [401, 401, 401]
    assert attempt(client, "wrong").status_code == 429


def test_mark_login_failed_counts_a_200_rerender() -> None:
    client = make_app().test_client()
    for _ in range(3):
        assert (
            client.post("/form-login", data={"password": "x"}, headers=SAME_ORIGIN).status_code
            == 200
        )
    assert (
        client.post("/form-login", data={"password": "right"}, headers=SAME_ORIGIN).status_code
        == 429
    )


def test_forged_forwarded_for_does_not_change_the_client() -> None:
    client = make_app(BASTION_TRUSTED_PROXIES=0).test_client()
    for n in range(3):
        assert (
            attempt(
                client, "wrong", user=f"u{n}", **{"X-Forwarded-For": f"198.51.100.{n}"}
            ).status_code
            == 401
        )
    forged = attempt(client, "wrong", user="u9", **{"X-Forwarded-For": "203.0.113.77"})
    assert forged.status_code == 429


def test_trusted_proxy_hop_identifies_the_real_client() -> None:
    client = make_app(BASTION_TRUSTED_PROXIES=1).test_client()
    for _ in range(3):
        attempt(client, "wrong", user="a", **{"X-Forwarded-For": "198.51.100.1"})
    assert (
        attempt(client, "wrong", user="b", **{"X-Forwarded-For": "198.51.100.1"}).status_code == 429
    )
    assert (
        attempt(client, "wrong", user="c", **{"X-Forwarded-For": "198.51.100.2"}).status_code == 401
    )


def test_username_bucket_holds_across_addresses() -> None:
    client = make_app(BASTION_TRUSTED_PROXIES=1).test_client()
    for n in range(3):
        attempt(client, "wrong", user="Alice", **{"X-Forwarded-For": f"198.51.100.{n}"})
    spread = attempt(client, "wrong", user="alice ", **{"X-Forwarded-For": "198.51.100.50"})
    other = attempt(client, "wrong", user="bob", **{"X-Forwarded-For": "198.51.100.51"})
    assert (spread.status_code, other.status_code) == (429, 401)


def test_hit_is_a_security_event(caplog: pytest.LogCaptureFixture) -> None:
    client = make_app().test_client()
    with caplog.at_level(logging.WARNING, logger="flask_bastion.security"):
        for _ in range(4):
            attempt(client, "wrong")
    hits = [r for r in caplog.records if getattr(r, "bastion_event", "") == "ratelimit.hit"]
    assert len(hits) == 1
    assert hits[0].bastion_fields["limit"] == "3 per 1 minute"
    assert "wrong" not in caplog.text


def test_existing_flask_limiter_storage_is_reused() -> None:
    app = Flask(__name__)
    limiter = Limiter(get_remote_address, app=app, storage_uri="memory://")
    app.config.update(BASTION_PROFILE="testing", BASTION_RATELIMIT_LOGIN="1 per minute")
    Bastion(app)

    @app.post("/login")
    @login_rate_limit
    def login() -> tuple[str, int]:
        return "no", 401

    client = app.test_client()
    assert client.post("/login", headers=SAME_ORIGIN).status_code == 401
    assert client.post("/login", headers=SAME_ORIGIN).status_code == 429
    limiter.reset()  # the app's own limiter clears our counts too: one store
    assert client.post("/login", headers=SAME_ORIGIN).status_code == 401


def test_unparsable_limit_refused_at_start_up() -> None:
    app = Flask(__name__)
    app.config.update(BASTION_PROFILE="testing", BASTION_RATELIMIT_LOGIN="lots")
    with pytest.raises(ConfigurationError, match="BASTION_RATELIMIT_LOGIN"):
        Bastion(app)


# -- two processes sharing Redis DB 4 -------------------------------------------


@pytest.fixture
def scope() -> Iterator[str]:
    name = f"test-{uuid.uuid4().hex}"
    yield name
    store = redis.Redis.from_url(SHARED_REDIS)
    for key in store.scan_iter(f"*{name}*"):
        store.delete(key)


def _start_server(storage: str, scope: str, limit: str) -> tuple[subprocess.Popen[str], int]:
    proc = subprocess.Popen(
        [sys.executable, str(LOGIN_SERVER), storage, scope, limit],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert proc.stdout is not None
    line = proc.stdout.readline()
    if not line:
        proc.kill()
        pytest.fail("login server did not start")
    return proc, int(line)


def _post(port: int, password: str, forwarded: str | None = None) -> int:
    headers = {"Sec-Fetch-Site": "same-origin"}
    if forwarded:
        headers["X-Forwarded-For"] = forwarded
    req = urllib.request.Request(
        f"http://127.0.0.1:{port}/login",
        data=urllib.parse.urlencode({"password": password}).encode(),
        headers=headers,
        method="POST",
    )
    try:
        with urllib.request.urlopen(req, timeout=10) as response:
            return int(response.status)
    except urllib.error.HTTPError as error:
        return int(error.code)


@pytest.mark.redis
def test_limit_holds_across_two_processes(scope: str) -> None:
    first, port_a = _start_server(SHARED_REDIS, scope, "4 per minute")
    second, port_b = _start_server(SHARED_REDIS, scope, "4 per minute")
    try:
        assert _post(port_a, "right") == _post(port_b, "right") == 200
        statuses = [_post(port, "wrong") for port in (port_a, port_b, port_a, port_b)]
        assert statuses == [401, 401, 401, 401]
        assert _post(port_a, "wrong", forwarded="203.0.113.5") == 429
        assert _post(port_b, "right", forwarded="203.0.113.6") == 429
    finally:
        for proc in (first, second):
            proc.terminate()
            proc.wait(timeout=10)


# -- the store goes down ---------------------------------------------------------


class PrivateRedis:
    """A redis-server of our own on a free loopback port, to stop and start at will."""

    def __init__(self, workdir: Path) -> None:
        with socket.create_server(("127.0.0.1", 0)) as probe:
            self.port = probe.getsockname()[1]
        self.workdir = workdir
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/5"

    def start(self) -> None:
        self.proc = subprocess.Popen(
            [
                "redis-server",
                *("--port", str(self.port), "--bind", "127.0.0.1", "--save", ""),
                *("--appendonly", "no", "--dir", str(self.workdir)),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        client = redis.Redis(port=self.port, socket_connect_timeout=0.2)
        for _ in range(100):
            try:
                if client.ping():
                    return
            except redis.ConnectionError:
                time.sleep(0.05)
        pytest.fail("private redis-server did not answer")

    def stop(self) -> None:
        if self.proc is not None:
            self.proc.terminate()
            self.proc.wait(timeout=10)
            self.proc = None


@pytest.fixture
def private_redis(tmp_path: Path) -> Iterator[PrivateRedis]:
    if shutil.which("redis-server") is None:
        pytest.skip("redis-server binary not installed")
    server = PrivateRedis(tmp_path)
    server.start()
    yield server
    server.stop()


@pytest.mark.redis
def test_store_down_fails_closed_then_recovers(
    private_redis: PrivateRedis, caplog: pytest.LogCaptureFixture
) -> None:
    client = make_app(BASTION_RATELIMIT_STORAGE_URL=private_redis.url).test_client()
    assert attempt(client, "wrong").status_code == 401
    private_redis.stop()
    with caplog.at_level(logging.ERROR, logger="flask_bastion.security"):
        down = attempt(client, "right")
    assert down.status_code == 503
    assert down.headers["Retry-After"] == "30"
    events = [
        r for r in caplog.records if getattr(r, "bastion_event", "") == "ratelimit.store_down"
    ]
    assert events and events[0].bastion_fields["fail_open"] is False
    private_redis.start()  # an empty store: the outage did not unlock anything by itself
    assert [attempt(client, "wrong").status_code for _ in range(3)] == [401, 401, 401]
    assert attempt(client, "wrong").status_code == 429


@pytest.mark.redis
def test_store_down_with_named_relaxation_fails_open(
    private_redis: PrivateRedis, caplog: pytest.LogCaptureFixture
) -> None:
    app = make_app(
        BASTION_RATELIMIT_STORAGE_URL=private_redis.url, BASTION_RATELIMIT_FAIL_OPEN=True
    )
    assert "BASTION_RATELIMIT_FAIL_OPEN" in app.extensions["bastion"].relaxed
    client = app.test_client()
    private_redis.stop()
    with caplog.at_level(logging.ERROR, logger="flask_bastion.security"):
        statuses = [attempt(client, "wrong").status_code for _ in range(5)]
        assert attempt(client, "right").status_code == 200
    assert statuses == [401] * 5
    events = [
        r for r in caplog.records if getattr(r, "bastion_event", "") == "ratelimit.store_down"
    ]
    assert len(events) == 6 and all(e.bastion_fields["fail_open"] for e in events)


def test_unguarded_app_is_an_error_not_an_unlimited_login() -> None:
    app = Flask(__name__)
    app.config["TESTING"] = True

    @app.post("/login")
    @login_rate_limit
    def login() -> tuple[str, int]:
        return "no", 401

    with pytest.raises(RuntimeError, match="not guarded"):
        app.test_client().post("/login")


@pytest.mark.redis
def test_store_down_from_the_first_request() -> None:
    with socket.create_server(("127.0.0.1", 0)) as probe:
        dead = probe.getsockname()[1]
    client = make_app(BASTION_RATELIMIT_STORAGE_URL=f"redis://127.0.0.1:{dead}/5").test_client()
    assert attempt(client, "right").status_code == 503
