"""M13/M17: regeneration, logout revocation, timeouts, on every session backend.

Each test runs against signed cookie sessions, the SQLite store and the real
Redis on 127.0.0.1:6379 (database 1, a unique key prefix per test). Time is
moved with the clock injected in the session state, never slept.
"""

from __future__ import annotations

import logging
import os
import secrets
import sqlite3
import stat
import time
import uuid
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
import redis
from flask import Flask, jsonify, request, session
from flask_login import LoginManager, UserMixin, current_user, login_user, logout_user
from werkzeug.http import parse_date

from flask_bastion import (
    Bastion,
    ConfigurationError,
    get_state,
    regenerate_session,
    revoke_user_sessions,
)
from flask_bastion.mitigations.sessions.stores import digest

REDIS_URL = "redis://127.0.0.1:6379/1"
IDLE, ABSOLUTE = 100, 300

BACKENDS = [
    pytest.param(None, id="cookie"),
    pytest.param("sqlite:///sessions.sqlite3", id="sqlite"),
    pytest.param(REDIS_URL, id="redis", marks=pytest.mark.redis),
]
SERVER_BACKENDS = BACKENDS[1:]


class Clock:
    """The controllable clock the session state reads instead of ``time.time``."""

    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


class User(UserMixin):
    def __init__(self, user_id: str) -> None:
        self.id = user_id


def make_app(instance: Path, url: str | None, **config: Any) -> Flask:
    app = Flask(__name__, instance_path=str(instance))
    app.config.update(
        SECRET_KEY=secrets.token_hex(32),
        BASTION_PROFILE="testing",
        BASTION_SESSION_URL=url,
        BASTION_SESSION_KEY_PREFIX=f"test-sessions:{uuid.uuid4().hex}:",
        BASTION_SESSION_IDLE_TIMEOUT=IDLE,
        BASTION_SESSION_ABSOLUTE_TIMEOUT=ABSOLUTE,
    )
    app.config.update(config)
    Bastion(app)
    login = LoginManager(app)
    login.user_loader(User)

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

    @app.get("/csrf")
    def csrf() -> Any:
        # What the CSRF layer does: keep one raw token in the session.
        return session.setdefault("csrf_token", secrets.token_hex(16))

    @app.get("/show")
    def show() -> Any:
        return jsonify(data=dict(session), user=current_user.get_id())

    @app.get("/regenerate")
    def regenerate() -> Any:
        keep = request.args.get("keep")
        regenerate_session(None if keep is None else keep.split(","))
        return "new"

    @app.get("/revoke/<name>")
    def revoke(name: str) -> Any:
        revoke_user_sessions(name)
        return "revoked"

    @app.get("/sign-in-by-hand/<name>")
    def sign_in_by_hand(name: str) -> Any:
        session["_user_id"] = name  # no Flask-Login, no regenerate_session()
        return "in"

    @app.get("/sign-out-by-hand")
    def sign_out_by_hand() -> Any:
        session.pop("_user_id", None)
        return "out"

    @app.get("/clear")
    def clear() -> Any:
        session.clear()
        return "cleared"

    @app.get("/static-like")
    def untouched() -> Any:
        return "no session needed"

    return app


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture(params=BACKENDS)
def app(request: pytest.FixtureRequest, tmp_path: Path, clock: Clock) -> Flask:
    app = make_app(tmp_path / "instance", request.param)
    get_state(app).components["sessions"].clock = clock
    return app


@pytest.fixture(params=SERVER_BACKENDS)
def server_app(request: pytest.FixtureRequest, tmp_path: Path, clock: Clock) -> Flask:
    app = make_app(tmp_path / "instance", request.param)
    get_state(app).components["sessions"].clock = clock
    return app


def cookie_of(client: Any, app: Flask) -> str | None:
    cookie = client.get_cookie(app.config["SESSION_COOKIE_NAME"])
    return None if cookie is None else cookie.value


def replay(app: Flask, value: str) -> dict[str, Any]:
    """A second browser holding a copy of *value* asks who it is."""
    other = app.test_client()
    other.set_cookie(app.config["SESSION_COOKIE_NAME"], value)
    result: dict[str, Any] = other.get("/show").json
    return result


def events(caplog: pytest.LogCaptureFixture, name: str) -> list[dict[str, Any]]:
    return [
        dict(getattr(r, "bastion_fields", {}))
        for r in caplog.records
        if getattr(r, "bastion_event", None) == name
    ]


def stored(app: Flask, sid: str) -> bool:
    """Whether the store holds a record for the raw session id *sid*."""
    key = digest("sid", sid)
    url = app.config["BASTION_SESSION_URL"]
    if url.startswith("redis"):
        prefix = app.config["BASTION_SESSION_KEY_PREFIX"]
        return bool(redis.Redis.from_url(url).exists(f"{prefix}s:{key}"))
    path = Path(app.instance_path) / "sessions.sqlite3"
    with sqlite3.connect(path) as db:
        row = db.execute("SELECT 1 FROM bastion_sessions WHERE key = ?", (key,)).fetchone()
    return row is not None


# -- M13 regeneration ---------------------------------------------------------


def test_regeneration_changes_id_and_csrf_token_and_keeps_data(app: Flask) -> None:
    client = app.test_client()
    client.get("/put/cart/3-books")
    token = client.get("/csrf").text
    before = cookie_of(client, app)

    client.get("/regenerate")

    after = cookie_of(client, app)
    assert after and after != before
    assert client.get("/show").json["data"] == {"cart": "3-books"}
    assert client.get("/csrf").text != token


def test_regeneration_keeps_only_the_chosen_keys(app: Flask) -> None:
    client = app.test_client()
    client.get("/put/cart/3-books")
    client.get("/put/draft/secret-plan")
    client.get("/csrf")

    client.get("/regenerate?keep=cart,csrf_token")

    assert client.get("/show").json["data"] == {"cart": "3-books"}


def test_regeneration_deletes_the_old_server_record(server_app: Flask) -> None:
    client = server_app.test_client()
    client.get("/put/cart/3-books")
    old = cookie_of(client, server_app)
    assert old is not None and stored(server_app, old)

    client.get("/regenerate")

    new = cookie_of(client, server_app)
    assert new is not None and stored(server_app, new)
    assert not stored(server_app, old)
    assert replay(server_app, old)["data"] == {}


def test_regenerate_outside_the_guard_says_what_to_do() -> None:
    app = Flask(__name__)
    app.secret_key = "k" * 40
    with app.test_request_context(), pytest.raises(RuntimeError, match="Bastion"):
        regenerate_session()


def test_signing_in_by_hand_still_gets_a_new_id(server_app: Flask) -> None:
    client = server_app.test_client()
    client.get("/put/cart/1")
    planted = cookie_of(client, server_app)
    assert planted is not None

    client.get("/sign-in-by-hand/carol")

    assert cookie_of(client, server_app) != planted
    assert not stored(server_app, planted)
    assert client.get("/show").json["data"] == {"_user_id": "carol", "cart": "1"}


@pytest.mark.parametrize(
    "logout", [pytest.param("/sign-out-by-hand", id="pop-user"), pytest.param("/clear", id="clear")]
)
def test_signing_out_by_hand_still_revokes_the_old_cookie(app: Flask, logout: str) -> None:
    client = app.test_client()
    client.get("/sign-in-by-hand/carol")
    client.get("/put/cart/1")
    stolen = cookie_of(client, app)
    assert stolen is not None and replay(app, stolen)["data"]["_user_id"] == "carol"

    client.get(logout)

    assert "_user_id" not in replay(app, stolen)["data"]


# -- M13 with Flask-Login -----------------------------------------------------


def test_login_user_regenerates_automatically(app: Flask) -> None:
    client = app.test_client()
    client.get("/put/cart/3-books")
    token = client.get("/csrf").text
    planted = cookie_of(client, app)

    client.get("/login/alice")

    assert cookie_of(client, app) != planted
    shown = client.get("/show").json
    assert shown["user"] == "alice"
    assert shown["data"]["cart"] == "3-books"
    assert "csrf_token" not in shown["data"]
    assert client.get("/csrf").text != token
    # The pre-login copy an attacker might have planted never becomes alice.
    assert replay(app, planted)["user"] is None


def test_login_as_someone_else_drops_the_previous_users_data(app: Flask) -> None:
    client = app.test_client()
    client.get("/login/alice")
    client.get("/put/draft/alices-draft")

    client.get("/login/bob")

    shown = client.get("/show").json
    assert shown["user"] == "bob"
    assert "draft" not in shown["data"]


def test_replayed_cookie_after_logout_is_refused(
    app: Flask, caplog: pytest.LogCaptureFixture
) -> None:
    client = app.test_client()
    client.get("/login/alice")
    client.get("/put/note/private")
    stolen = cookie_of(client, app)
    assert stolen is not None and replay(app, stolen)["user"] == "alice"

    client.get("/logout")

    assert client.get("/show").json == {"data": {}, "user": None}
    with caplog.at_level(logging.INFO, logger="flask_bastion.security"):
        assert replay(app, stolen) == {"data": {}, "user": None}
    if app.config["BASTION_SESSION_URL"] is None:
        assert events(caplog, "session.revoked")[0]["user"] == "alice"


def test_a_request_in_flight_during_logout_does_not_resurrect_the_session(
    server_app: Flask,
) -> None:
    client = server_app.test_client()
    client.get("/login/alice")
    sid = cookie_of(client, server_app)
    assert sid is not None
    name = server_app.config["SESSION_COOKIE_NAME"]
    with server_app.test_request_context("/", headers={"Cookie": f"{name}={sid}"}):
        session["seen"] = "slow page"  # loaded before the logout lands
        client.get("/logout")
        in_flight = session._get_current_object()  # type: ignore[attr-defined]
        server_app.session_interface.save_session(
            server_app, in_flight, server_app.response_class()
        )

    assert not stored(server_app, sid)
    assert replay(server_app, sid)["user"] is None


def test_session_events_never_carry_the_cookie(
    app: Flask, clock: Clock, caplog: pytest.LogCaptureFixture
) -> None:
    client = app.test_client()
    with caplog.at_level(logging.INFO, logger="flask_bastion.security"):
        client.get("/login/alice")
        cookies = [cookie_of(client, app)]
        client.get("/regenerate")
        cookies.append(cookie_of(client, app))
        clock.advance(IDLE)
        client.get("/show")

    logged = "\n".join(
        f"{r.getMessage()} {getattr(r, 'bastion_fields', '')}" for r in caplog.records
    )
    assert "session.regenerated" in logged and "session.expired" in logged
    for value in cookies:
        assert value and value not in logged


def test_revoke_user_sessions_logs_out_every_device(app: Flask) -> None:
    laptop, phone, bobs = (app.test_client() for _ in range(3))
    laptop.get("/login/alice")
    phone.get("/login/alice")
    bobs.get("/login/bob")

    bobs.get("/revoke/alice")

    assert laptop.get("/show").json["user"] is None
    assert phone.get("/show").json["user"] is None
    assert bobs.get("/show").json["user"] == "bob"
    laptop.get("/login/alice")
    assert laptop.get("/show").json["user"] == "alice"


def test_revoke_user_sessions_works_outside_a_request(app: Flask) -> None:
    """What a ``flask`` CLI command or a background job would do."""
    laptop = app.test_client()
    laptop.get("/login/alice")

    with app.app_context():
        revoke_user_sessions("alice")

    assert laptop.get("/show").json["user"] is None


@pytest.mark.redis
def test_cookie_sessions_on_two_machines_share_revocations_through_redis(
    tmp_path: Path,
) -> None:
    shared = {
        "SECRET_KEY": secrets.token_hex(32),
        "BASTION_SESSION_REVOCATION_URL": REDIS_URL,
        "BASTION_SESSION_KEY_PREFIX": f"test-sessions:{uuid.uuid4().hex}:",
    }
    one = make_app(tmp_path / "one", None, **shared)
    two = make_app(tmp_path / "two", None, **shared)
    browser = one.test_client()
    browser.get("/login/alice")
    stolen = cookie_of(browser, one)
    assert stolen is not None and replay(two, stolen)["user"] == "alice"

    browser.get("/logout")

    assert replay(two, stolen)["user"] is None, "machine two learns of the logout on one"


# -- M17 timeouts -------------------------------------------------------------


def test_idle_session_expires_and_is_logged(
    app: Flask, clock: Clock, caplog: pytest.LogCaptureFixture
) -> None:
    client = app.test_client()
    client.get("/login/alice")
    clock.advance(IDLE - 1)
    assert client.get("/show").json["user"] == "alice"
    clock.advance(IDLE - 1)
    assert client.get("/show").json["user"] == "alice", "activity must extend the idle window"

    clock.advance(IDLE)
    with caplog.at_level(logging.INFO, logger="flask_bastion.security"):
        assert client.get("/show").json == {"data": {}, "user": None}

    assert [e["reason"] for e in events(caplog, "session.expired")] == ["idle"]
    assert cookie_of(client, app) is None, "the expired cookie is deleted"


def test_absolute_timeout_ends_an_active_session(
    app: Flask, clock: Clock, caplog: pytest.LogCaptureFixture
) -> None:
    client = app.test_client()
    client.get("/login/alice")
    for _ in range(ABSOLUTE // (IDLE // 2) - 1):
        clock.advance(IDLE // 2)
        assert client.get("/show").json["user"] == "alice"

    clock.advance(IDLE // 2)
    with caplog.at_level(logging.INFO, logger="flask_bastion.security"):
        assert client.get("/show").json["user"] is None

    assert [e["reason"] for e in events(caplog, "session.expired")] == ["absolute"]


def test_login_restarts_the_absolute_clock(app: Flask, clock: Clock) -> None:
    client = app.test_client()
    client.get("/put/cart/1")
    clock.advance(ABSOLUTE - 10)
    client.get("/login/alice")
    clock.advance(50)
    assert client.get("/show").json["user"] == "alice"


def test_flask_default_lifetime_is_replaced_by_the_absolute_timeout(tmp_path: Path) -> None:
    app = make_app(tmp_path, None)
    assert app.permanent_session_lifetime == timedelta(seconds=ABSOLUTE)


def test_a_permanent_session_cookie_ends_with_the_absolute_timeout(
    app: Flask, clock: Clock
) -> None:
    @app.get("/remember-me")
    def remember_me() -> Any:
        session.permanent = True
        return "ok"

    clock.now = time.time()
    client = app.test_client()
    client.get("/login/alice")
    response = client.get("/remember-me")

    expires = parse_date(response.headers["Set-Cookie"].split("Expires=")[1].split(";")[0])
    assert expires is not None
    assert abs(expires.timestamp() - (clock.now + ABSOLUTE)) <= 2


def test_an_app_chosen_lifetime_is_kept(tmp_path: Path) -> None:
    app = make_app(tmp_path, None, PERMANENT_SESSION_LIFETIME=timedelta(hours=1))
    assert app.permanent_session_lifetime == timedelta(hours=1)


@pytest.mark.parametrize(
    ("config", "setting"),
    [
        pytest.param({"BASTION_SESSION_IDLE_TIMEOUT": 0}, "IDLE", id="idle-zero"),
        pytest.param({"BASTION_SESSION_ABSOLUTE_TIMEOUT": None}, "ABSOLUTE", id="absolute-none"),
        pytest.param({"BASTION_SESSION_IDLE_TIMEOUT": 900}, "IDLE", id="idle-above-absolute"),
        pytest.param({"BASTION_SESSION_URL": "memcached://x"}, "URL", id="unknown-scheme"),
        pytest.param({"BASTION_SESSION_URL": "sqlite:///"}, "URL", id="sqlite-without-path"),
        pytest.param(
            {"BASTION_SESSION_URL": "redis+sentinel://"}, "URL", id="sentinel-without-hosts"
        ),
    ],
)
def test_bad_session_settings_fail_at_start_up(
    tmp_path: Path, config: dict[str, Any], setting: str
) -> None:
    with pytest.raises(ConfigurationError, match=f"BASTION_SESSION_{setting}"):
        make_app(tmp_path, None, **config)


# -- tampering, flags, files --------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [
        pytest.param("garbage", id="garbage"),
        pytest.param("A" * 43, id="unknown-well-formed-id"),
        pytest.param(".eyJkIjp7fX0.AAAA.BBBB", id="forged-signature"),
        pytest.param("%00%ff" * 20, id="binary-junk"),
    ],
)
def test_tampered_cookie_gives_a_new_empty_session(app: Flask, value: str) -> None:
    client = app.test_client()
    client.set_cookie(app.config["SESSION_COOKIE_NAME"], value)

    response = client.get("/put/cart/1")

    assert response.status_code == 200
    issued = cookie_of(client, app)
    assert issued and issued != value, "a client-chosen id is never adopted"
    assert client.get("/show").json == {"data": {"cart": "1"}, "user": None}


def test_requests_that_never_touch_the_session_set_no_cookie(app: Flask) -> None:
    client = app.test_client()
    response = client.get("/static-like")
    assert "Set-Cookie" not in response.headers
    assert client.get("/show").headers.get("Set-Cookie") is None


def test_server_side_cookie_carries_the_configured_flags(tmp_path: Path) -> None:
    app = make_app(
        tmp_path,
        "sqlite:///sessions.sqlite3",
        BASTION_COOKIE_SECURE=True,
        BASTION_COOKIE_SAMESITE="Strict",
        BASTION_COOKIE_PARTITIONED=True,
        BASTION_COOKIE_HOST_PREFIX=True,
        SESSION_COOKIE_SECURE=True,
        SESSION_COOKIE_SAMESITE="Strict",
        SESSION_COOKIE_PARTITIONED=True,
    )
    header = app.test_client().get("/put/a/1", base_url="https://localhost").headers["Set-Cookie"]
    name, _, rest = header.partition("=")
    sid = rest.split(";")[0]
    flags = {part.strip().split("=")[0].lower() for part in rest.split(";")[1:]}

    assert name.startswith("__Host-")
    assert {"httponly", "secure", "partitioned", "samesite", "path"} <= flags
    assert "domain" not in flags
    assert "SameSite=Strict" in header
    assert len(sid) == 43, "a 256-bit id, base64url without padding"


def test_sqlite_store_is_private_and_under_the_instance_folder(tmp_path: Path) -> None:
    instance = tmp_path / "instance"
    app = make_app(instance, "sqlite:///sessions.sqlite3")
    app.test_client().get("/put/a/1")

    database = instance / "sessions.sqlite3"
    assert database.is_file()
    assert stat.S_IMODE(os.stat(database).st_mode) & 0o077 == 0
    with sqlite3.connect(database) as db:
        keys = [row[0] for row in db.execute("SELECT key FROM bastion_sessions")]
    assert len(keys) == 1 and len(keys[0]) == 64, "only the SHA-256 of the id is stored"


def test_a_corrupt_sqlite_store_fails_closed(tmp_path: Path) -> None:
    instance = tmp_path / "instance"
    app = make_app(instance, "sqlite:///sessions.sqlite3")
    client = app.test_client()
    client.get("/put/a/1")
    for path in instance.glob("sessions.sqlite3*"):
        path.write_bytes(b"this is not a database" * 512)

    response = client.get("/show", headers={"Accept": "application/json"})

    assert response.status_code == 503
    assert response.json["status"] == 503


def test_cookie_sessions_keep_revocations_in_the_default_sqlite_file(tmp_path: Path) -> None:
    instance = tmp_path / "instance"
    app = make_app(instance, None)
    client = app.test_client()
    client.get("/put/a/1")
    assert not (instance / "bastion-sessions.sqlite3").exists(), "created only when needed"

    client.get("/login/alice")
    client.get("/logout")

    assert (instance / "bastion-sessions.sqlite3").is_file()


def test_an_instance_folder_that_cannot_be_created_fails_at_start_up(tmp_path: Path) -> None:
    (tmp_path / "not-a-folder").write_text("a file where the instance folder should go")
    with pytest.raises(ConfigurationError, match="BASTION_SESSION_REVOCATION_URL"):
        make_app(tmp_path / "not-a-folder" / "instance", None)


def test_session_data_is_not_readable_in_the_server_side_cookie(server_app: Flask) -> None:
    client = server_app.test_client()
    client.get("/put/secret-note/launch-codes")
    value = cookie_of(client, server_app)
    assert value is not None and "launch" not in value


def test_csrf_key_matches_the_csrf_layer() -> None:
    from flask_bastion.mitigations import csrf
    from flask_bastion.mitigations.sessions.interface import CSRF_KEY

    assert getattr(csrf, "CSRF_SESSION_KEY", CSRF_KEY) == CSRF_KEY
