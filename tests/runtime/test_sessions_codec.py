"""The cookie session codec: Flask's signed format, with the set-up done once.

The codec must stay interchangeable with Flask's own serializer (same salt
aside): these tests sign on one side and verify on the other, and compare
the JSON text of both paths.
"""

from __future__ import annotations

import secrets
import uuid
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest
from flask import Flask, session
from flask.sessions import SecureCookieSessionInterface, session_json_serializer
from itsdangerous import BadSignature, SignatureExpired
from markupsafe import Markup

from flask_bastion import Bastion
from flask_bastion.mitigations.sessions.codec import SALT, SessionCodec, TaggedJSON

OLD, NEW = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
META = [1_800_000_000.25, 1_800_000_010.5, "n0nce", None, 0]

PAYLOADS = [
    pytest.param({"m": META, "d": {}}, id="empty"),
    pytest.param({"m": META, "d": {"visits": 3, "csrf_token": "x" * 27}}, id="plain"),
    pytest.param({"m": META, "d": {"note": "ab" * 400}}, id="compressible"),
    pytest.param({"m": META, "d": {"cart": [1, {"n": None}], "ok": True}}, id="nested"),
    pytest.param({"m": META, "d": {"pair": (1, 2)}}, id="tuple"),
    pytest.param({"m": META, "d": {"raw": b"\x00\xff"}}, id="bytes"),
    pytest.param({"m": META, "d": {"html": Markup("<b>hi</b>")}}, id="markup"),
    pytest.param({"m": META, "d": {"id": uuid.UUID(int=7)}}, id="uuid"),
    pytest.param(
        {"m": META, "d": {"at": datetime(2030, 1, 2, 3, 4, 5, tzinfo=timezone.utc)}},
        id="datetime",
    ),
    pytest.param({"m": META, "d": {" t": ["looks", "tagged"]}}, id="tag-like-key"),
    pytest.param({"m": META, "d": {"x": {" di": 1}}}, id="nested-tag-like-key"),
]


class _FlaskSigning(SecureCookieSessionInterface):
    salt = SALT


@pytest.fixture
def app() -> Flask:
    app = Flask(__name__)
    app.config.update(SECRET_KEY=NEW, SECRET_KEY_FALLBACKS=[OLD])
    return app


def _flask_serializer(app: Flask) -> Any:
    serializer = _FlaskSigning().get_signing_serializer(app)
    assert serializer is not None
    return serializer


@pytest.mark.parametrize("payload", PAYLOADS)
def test_flask_reads_what_the_codec_signs(app: Flask, payload: dict[str, Any]) -> None:
    with app.test_request_context():
        signed = SessionCodec((OLD, NEW)).dumps(payload)
        assert _flask_serializer(app).loads(signed) == payload


@pytest.mark.parametrize("payload", PAYLOADS)
def test_the_codec_reads_what_flask_signs(app: Flask, payload: dict[str, Any]) -> None:
    with app.test_request_context():
        signed = _flask_serializer(app).dumps(payload)
        assert SessionCodec((OLD, NEW)).loads(signed, max_age=60) == payload


@pytest.mark.parametrize("payload", PAYLOADS)
def test_json_text_is_the_same_as_flasks_tagged_json(app: Flask, payload: dict[str, Any]) -> None:
    with app.test_request_context():
        assert TaggedJSON.dumps(payload) == session_json_serializer.dumps(payload)
        assert TaggedJSON.loads(TaggedJSON.dumps(payload)) == payload


@pytest.mark.parametrize(
    ("data", "compressed"),
    [
        pytest.param({"note": "ab" * 400}, True, id="long-and-repetitive"),
        pytest.param({"note": "ab" * 200}, False, id="short-and-repetitive"),
    ],
)
def test_compression_only_for_long_payloads_it_shortens(
    app: Flask, data: dict[str, str], compressed: bool
) -> None:
    with app.test_request_context():
        value = SessionCodec((NEW,)).dumps({"m": META, "d": data})
        assert value.startswith(".") is compressed
        assert SessionCodec((NEW,)).loads(value)["d"] == data


def test_a_value_signed_with_the_old_key_verifies_after_rotation(app: Flask) -> None:
    with app.test_request_context():
        before = SessionCodec((OLD,)).dumps({"m": META, "d": {"a": 1}})
        assert SessionCodec((OLD, NEW)).loads(before)["d"] == {"a": 1}
        with pytest.raises(BadSignature):
            SessionCodec((NEW,)).loads(before)


@pytest.mark.parametrize(
    "tamper",
    [
        pytest.param(lambda v: v[:-2] + ("AA" if not v.endswith("AA") else "BB"), id="signature"),
        pytest.param(lambda v: v[:5] + ("A" if v[5] != "A" else "B") + v[6:], id="payload"),
        pytest.param(lambda v: v.rsplit(".", 1)[0], id="no-signature"),
    ],
)
def test_a_tampered_value_is_refused(app: Flask, tamper: Any) -> None:
    codec = SessionCodec((NEW,))
    with app.test_request_context():
        value = codec.dumps({"m": META, "d": {"a": 1}})
        with pytest.raises(BadSignature):
            codec.loads(tamper(value))


def test_an_old_signature_is_refused_past_max_age(app: Flask) -> None:
    codec = SessionCodec((NEW,))
    with app.test_request_context():
        value = codec.dumps({"m": META, "d": {}})
        codec.loads(value, max_age=10)
        codec._signer.get_timestamp = lambda: 2**40  # type: ignore[method-assign]
        with pytest.raises(SignatureExpired):
            codec.loads(value, max_age=10)


def test_sessions_survive_a_key_rotation_end_to_end(tmp_path: Path) -> None:
    app = Flask(__name__, instance_path=str(tmp_path))
    app.config.update(SECRET_KEY=OLD, BASTION_PROFILE="testing")
    Bastion(app)

    @app.get("/put")
    def put() -> str:
        session["who"] = "ada"
        return "ok"

    @app.get("/who")
    def who() -> str:
        return str(session.get("who"))

    client = app.test_client()
    client.get("/put")
    app.config.update(SECRET_KEY=NEW, SECRET_KEY_FALLBACKS=[OLD])
    assert client.get("/who").text == "ada", "the old key still verifies"
    app.config.update(SECRET_KEY_FALLBACKS=[])
    stranger = app.test_client()
    stranger.set_cookie(
        app.config["SESSION_COOKIE_NAME"], SessionCodec((OLD,)).dumps({"m": META, "d": {}})
    )
    assert stranger.get("/who").text == "None", "a dropped key verifies nothing"
