"""M20: security events are structured and never carry a secret."""

from __future__ import annotations

import io
import json
import logging
import uuid
from collections.abc import Iterator

import pytest
from flask import Flask, request

from flask_bastion import Bastion, security_event
from flask_bastion.mitigations.events import (
    REDACTED,
    JsonEventFormatter,
    RedactingFilter,
    redact,
)

SECRET_KEY = "Zq8-vX1tLr7mN4pK0sW9yB2cD5fG8hJ3kL6"
PASSWORD = "correct-horse-battery-staple"
TOKEN = "tok_8f14e45fceea167a5a36dedd4bea2543"
SESSION_COOKIE = "eyJfdXNlcl9pZCI6IjQyIn0.ZxYwVg.Qm9ndXMtc2lnbmF0dXJlLXZhbHVl"
BEARER = "sk-live-51HxQeLKJ2mP0aZ9vT7wQ"
SECRETS = (SECRET_KEY, PASSWORD, TOKEN, SESSION_COOKIE, BEARER)


@pytest.fixture
def logger_name() -> str:
    return f"test.security.{uuid.uuid4().hex}"


@pytest.fixture
def app(logger_name: str) -> Flask:
    app = Flask(__name__)
    app.config.update(
        BASTION_PROFILE="testing", SECRET_KEY=SECRET_KEY, BASTION_EVENT_LOGGER=logger_name
    )
    Bastion(app)
    return app


@pytest.fixture
def stream(logger_name: str) -> Iterator[io.StringIO]:
    """A real handler on the event logger, as an operator would attach one."""
    out = io.StringIO()
    handler = logging.StreamHandler(out)
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s %(message)s"))
    logger = logging.getLogger(logger_name)
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    yield out
    logger.removeHandler(handler)


def assert_clean(text: str) -> None:
    for secret in SECRETS:
        assert secret not in text


def test_fields_named_like_secrets_are_redacted(
    app: Flask, stream: io.StringIO, caplog: pytest.LogCaptureFixture
) -> None:
    context = app.test_request_context(
        "/login", method="POST", environ_base={"REMOTE_ADDR": "203.0.113.9"}
    )
    with context, caplog.at_level(logging.INFO):
        security_event(
            "login.failed",
            user="alice",
            password=PASSWORD,
            api_token=TOKEN,
            headers={"Authorization": f"Bearer {BEARER}", "Accept": "text/html"},
            attempts=[{"csrf_token": TOKEN}],
        )
    text = stream.getvalue()
    assert text.startswith("WARNING ")
    assert "login.failed user=alice" in text
    assert_clean(text)
    assert_clean(caplog.text)
    record = next(r for r in caplog.records if getattr(r, "bastion_event", None))
    assert record.bastion_fields["password"] == REDACTED
    assert record.bastion_fields["headers"] == {"Authorization": REDACTED, "Accept": "text/html"}
    assert record.bastion_fields["attempts"] == [{"csrf_token": REDACTED}]
    assert record.bastion_fields["ip"] == "203.0.113.9"
    assert record.bastion_fields["method"] == "POST"


@pytest.mark.parametrize(
    "message",
    [
        pytest.param(f"auth header was Bearer {BEARER}", id="bearer"),
        pytest.param(f"form: username=alice&password={PASSWORD}", id="form-pair"),
        pytest.param(f'body {{"user": "a", "password": "{PASSWORD}"}}', id="json-pair"),
        pytest.param(f"reset link token: {TOKEN}", id="token-colon"),
        pytest.param(f"key is {SECRET_KEY}", id="secret-key-value"),
        pytest.param(f"cookie value {SESSION_COOKIE}", id="session-cookie-value"),
        pytest.param(f"Cookie: session={SESSION_COOKIE}", id="cookie-header"),
    ],
)
def test_values_are_redacted_inside_free_text(
    app: Flask, stream: io.StringIO, logger_name: str, message: str
) -> None:
    with app.test_request_context(headers={"Cookie": f"session={SESSION_COOKIE}"}):
        security_event("debug.note", note=message)
        logging.getLogger(logger_name).warning("app says: %s", message)
    text = stream.getvalue()
    assert text.count(REDACTED) >= 2
    assert_clean(text)


def test_filter_protects_any_logger_through_a_handler(app: Flask) -> None:
    out = io.StringIO()
    handler = logging.StreamHandler(out)
    handler.addFilter(RedactingFilter())
    app_logger = logging.getLogger(f"test.app.{uuid.uuid4().hex}")
    app_logger.addHandler(handler)
    app_logger.propagate = False

    @app.post("/login")
    def login() -> str:
        # The classic mistake: dumping the request into the log.
        app_logger.warning("login attempt %s headers=%s", request.form.to_dict(), request.headers)
        app_logger.warning("typed %s", request.form["password"])  # no name next to it
        try:
            raise ValueError(f"bad password={request.form['password']}")
        except ValueError:
            app_logger.exception("login crashed")
        return "no"

    client = app.test_client()
    client.set_cookie("session", SESSION_COOKIE)
    client.post(
        "/login",
        data={"username": "alice", "password": PASSWORD},
        headers={"Authorization": f"Bearer {BEARER}", "Sec-Fetch-Site": "same-origin"},
    )
    text = out.getvalue()
    assert "login attempt" in text and "login crashed" in text and "ValueError" in text
    assert f"typed {REDACTED}" in text
    assert_clean(text)


def test_json_formatter_when_enabled(logger_name: str, capsys: pytest.CaptureFixture[str]) -> None:
    app = Flask(__name__)
    app.config.update(
        BASTION_PROFILE="testing",
        SECRET_KEY=SECRET_KEY,
        BASTION_EVENT_LOGGER=logger_name,
        BASTION_EVENTS_JSON=True,
    )
    Bastion(app)
    Bastion(app)  # installing twice adds no second handler
    logger = logging.getLogger(logger_name)
    try:
        with app.test_request_context("/x"):
            security_event("upload.rejected", reason="too_large", password=PASSWORD)
        lines = [json.loads(line) for line in capsys.readouterr().err.splitlines()]
    finally:
        for handler in list(logger.handlers):
            logger.removeHandler(handler)
    events = [line for line in lines if line["event"] == "upload.rejected"]
    assert len(events) == 1
    event = events[0]
    assert event["level"] == "WARNING"
    assert event["logger"] == logger_name
    assert event["fields"]["reason"] == "too_large"
    assert event["fields"]["password"] == REDACTED
    assert PASSWORD not in json.dumps(lines)


def test_json_formatter_alone() -> None:
    record = logging.LogRecord("x", logging.ERROR, __file__, 1, "boom %s", ("now",), None)
    payload = json.loads(JsonEventFormatter().format(record))
    assert payload["message"] == "boom now"
    assert payload["event"] is None and payload["fields"] == {}
    assert payload["ts"].endswith("+00:00")


def test_relaxations_are_logged_at_start_up(
    logger_name: str, caplog: pytest.LogCaptureFixture
) -> None:
    app = Flask(__name__)
    app.config.update(
        BASTION_PROFILE="testing", SECRET_KEY=SECRET_KEY, BASTION_EVENT_LOGGER=logger_name
    )
    with caplog.at_level(logging.WARNING, logger=logger_name):
        Bastion(app)
    relaxed = [r for r in caplog.records if getattr(r, "bastion_event", None) == "config.relaxed"]
    assert len(relaxed) == 1
    assert "BASTION_COOKIE_SECURE" in relaxed[0].bastion_fields["settings"].split(",")
    assert relaxed[0].bastion_fields["profile"] == "testing"


def test_production_defaults_log_no_relaxation(
    logger_name: str, caplog: pytest.LogCaptureFixture
) -> None:
    app = Flask(__name__)
    app.config.update(SECRET_KEY=SECRET_KEY, BASTION_EVENT_LOGGER=logger_name)
    with caplog.at_level(logging.WARNING, logger=logger_name):
        Bastion(app)
    assert not [r for r in caplog.records if getattr(r, "bastion_event", None)]


def test_redact_keeps_harmless_fields_and_does_not_mutate() -> None:
    fields = {"user": "bob", "reason": "csrf_token_missing", "Session-Id": "abc", "n": 3}
    assert redact(fields) == {
        "user": "bob",
        "reason": "csrf_token_missing",
        "Session-Id": REDACTED,
        "n": 3,
    }
    assert fields["Session-Id"] == "abc"


def test_a_field_cannot_forge_a_log_line(app: Flask, stream: io.StringIO) -> None:
    with app.test_request_context():
        security_event(
            "login.failed", user="bob\nINFO flask_bastion.security login.success user=admin"
        )
    lines = stream.getvalue().splitlines()
    assert len(lines) == 1
    assert "user=bob\\nINFO" in lines[0]
