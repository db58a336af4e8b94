"""M06: the CSRF layer, through Flask's test client.

Fetch metadata first (Sec-Fetch-Site, then Origin), a Flask-WTF-format token
where they do not settle it, explicit exemptions, and the refusal: a 403
page or JSON and a logged event that never contains the token.
"""

from __future__ import annotations

import io
import logging
import re
import secrets
import time

import pytest
from flask import Blueprint, Flask, jsonify, render_template_string, request, session
from itsdangerous import TimestampSigner, URLSafeTimedSerializer

from flask_bastion import Bastion, ConfigurationError
from flask_bastion.mitigations.csrf import (
    CSRF_SESSION_KEY,
    CSRFError,
    csrf_exempt,
    csrf_token,
    is_csrf_exempt,
)

TRUSTED = "https://admin.example"


def build(app_factory, **config) -> tuple[Flask, list[str]]:
    """A guarded app with a form, a JSON API, an upload and exempt views.

    Returns the app and the list every state-changing view appends to, so a
    test can tell whether a view ran.
    """
    app: Flask = app_factory(**config)
    ran: list[str] = []

    @app.get("/form")
    def form() -> str:
        return render_template_string("{{ csrf_token() }}")

    @app.route("/submit", methods=["POST", "PUT", "PATCH", "DELETE"])
    def submit() -> str:
        ran.append("submit")
        return "done"

    @app.post("/api/items")
    def api_items():
        ran.append("api")
        return jsonify(received=request.get_json())

    @app.post("/upload")
    def upload() -> str:
        ran.append("upload")
        f = request.files["document"]
        return f"{f.filename}:{len(f.read())}"

    @app.post("/logout-everywhere")
    def reset() -> str:
        session.clear()
        return "cleared"

    @app.post("/hook")
    @csrf_exempt
    def hook() -> str:
        ran.append("hook")
        return "hooked"

    webhooks = Blueprint("webhooks", __name__)

    @webhooks.post("/wh")
    def wh() -> str:
        ran.append("wh")
        return "wh"

    csrf_exempt(webhooks)
    app.register_blueprint(webhooks, url_prefix="/webhooks")

    partners = Blueprint("partners", __name__)
    inner = Blueprint("inner", __name__)

    @inner.post("/deep")
    def deep() -> str:
        ran.append("deep")
        return "deep"

    partners.register_blueprint(inner, url_prefix="/inner")
    app.register_blueprint(partners, url_prefix="/partners")
    return app, ran


def token_of(client) -> str:
    return client.get("/form").get_data(as_text=True)


# -- fetch metadata ----------------------------------------------------------


@pytest.mark.parametrize(
    ("headers", "refusal"),
    [
        pytest.param({"Sec-Fetch-Site": "same-origin"}, None, id="same-origin"),
        pytest.param(
            {"Sec-Fetch-Site": "cross-site", "Origin": "https://evil.example"},
            "cross-site",
            id="cross-site",
        ),
        pytest.param(
            {"Sec-Fetch-Site": "same-site", "Origin": "https://blog.localhost"},
            "cross-site",
            id="same-site-sibling",
        ),
        pytest.param({"Sec-Fetch-Site": "cross-site"}, "cross-site", id="cross-site-no-origin"),
        pytest.param(
            {"Sec-Fetch-Site": "cross-site", "Origin": TRUSTED}, None, id="cross-site-trusted"
        ),
        pytest.param({"Origin": "http://localhost"}, None, id="origin-own"),
        pytest.param({"Origin": "HTTP://LOCALHOST"}, None, id="origin-own-uppercase"),
        pytest.param({"Origin": "https://localhost"}, "origin-mismatch", id="origin-other-scheme"),
        pytest.param(
            {"Origin": "http://localhost:8080"}, "origin-mismatch", id="origin-other-port"
        ),
        pytest.param({"Origin": "https://evil.example"}, "origin-mismatch", id="origin-other"),
        pytest.param({"Origin": "null"}, "origin-null", id="origin-null"),
        pytest.param({"Origin": TRUSTED}, None, id="origin-trusted"),
        pytest.param({}, "token-missing", id="no-headers-no-token"),
        pytest.param({"Sec-Fetch-Site": "none"}, "token-missing", id="user-initiated-no-token"),
    ],
)
def test_fetch_metadata_decides_before_any_token(app_factory, headers, refusal) -> None:
    app, ran = build(app_factory, BASTION_CSRF_TRUSTED_ORIGINS=[TRUSTED])
    response = app.test_client().post(
        "/submit", data={"x": "1"}, headers={"Accept": "application/json", **headers}
    )
    if refusal is None:
        assert (response.status_code, ran) == (200, ["submit"])
    else:
        assert (response.status_code, ran) == (403, [])
        assert response.get_json()["reason"] == refusal


def test_cross_site_request_is_refused_even_with_a_valid_token(app_factory) -> None:
    app, ran = build(app_factory)
    client = app.test_client()
    token = token_of(client)
    response = client.post(
        "/submit",
        data={"csrf_token": token},
        headers={"Sec-Fetch-Site": "cross-site", "Origin": "https://evil.example"},
    )
    assert response.status_code == 403
    assert ran == []


@pytest.mark.parametrize(
    ("proxies", "allowed"),
    [pytest.param(0, False, id="untrusted-forwarded"), pytest.param(1, True, id="one-proxy")],
)
def test_own_origin_is_seen_through_trusted_proxies_only(app_factory, proxies, allowed) -> None:
    app, _ = build(app_factory, BASTION_TRUSTED_PROXIES=proxies)
    response = app.test_client().post(
        "/submit",
        base_url="http://10.0.0.5:8000",
        headers={
            "X-Forwarded-Proto": "https",
            "X-Forwarded-Host": "app.example",
            "Origin": "https://app.example",
        },
    )
    assert response.status_code == (200 if allowed else 403)


def test_trusted_origins_are_normalised(app_factory) -> None:
    app, _ = build(app_factory, BASTION_CSRF_TRUSTED_ORIGINS=["HTTPS://Admin.Example:443/"])
    response = app.test_client().post("/submit", headers={"Origin": TRUSTED})
    assert response.status_code == 200


@pytest.mark.parametrize("method", ["GET", "HEAD", "OPTIONS"])
def test_safe_methods_are_not_checked(app_factory, method) -> None:
    app, _ = build(app_factory)
    assert app.test_client().open("/form", method=method).status_code == 200


@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH", "DELETE"])
def test_every_state_changing_method_needs_a_token(app_factory, method) -> None:
    app, ran = build(app_factory)
    client = app.test_client()
    assert client.open("/submit", method=method).status_code == 403
    token = token_of(client)
    response = client.open("/submit", method=method, headers={"X-CSRFToken": token})
    assert response.status_code == 200
    assert ran == ["submit"]


# -- the token ---------------------------------------------------------------


def test_form_token_is_accepted(app_factory) -> None:
    app, ran = build(app_factory)
    client = app.test_client()
    response = client.post("/submit", data={"csrf_token": token_of(client)})
    assert response.status_code == 200
    assert ran == ["submit"]


@pytest.mark.parametrize("header", ["X-CSRFToken", "X-CSRF-Token"])
def test_json_api_call_with_the_header_token_is_accepted(app_factory, header) -> None:
    app, ran = build(app_factory)
    client = app.test_client()
    token = token_of(client)
    response = client.post("/api/items", json={"name": "lamp"}, headers={header: token})
    assert response.status_code == 200
    assert response.get_json() == {"received": {"name": "lamp"}}
    assert ran == ["api"]


def test_json_api_call_without_a_token_gets_json(app_factory) -> None:
    app, _ = build(app_factory)
    client = app.test_client()
    token_of(client)
    response = client.post("/api/items", json={"name": "lamp"})
    assert response.status_code == 403
    body = response.get_json()
    assert body["error"] == "csrf_failed"
    assert body["status"] == 403
    assert body["reason"] == "token-missing"
    assert len(body["id"]) == 12


def test_multipart_form_keeps_its_files(app_factory) -> None:
    app, ran = build(app_factory)
    client = app.test_client()
    data = {"csrf_token": token_of(client), "document": (io.BytesIO(b"x" * 1234), "report.pdf")}
    response = client.post("/upload", data=data, content_type="multipart/form-data")
    assert response.get_data(as_text=True) == "report.pdf:1234"
    assert ran == ["upload"]


def test_prefixed_flask_wtf_form_field_is_read(app_factory) -> None:
    app, _ = build(app_factory)
    client = app.test_client()
    response = client.post("/submit", data={"profile-csrf_token": token_of(client)})
    assert response.status_code == 200


def test_raw_token_lives_in_the_session_under_the_flask_wtf_key(app_factory) -> None:
    app, _ = build(app_factory)
    client = app.test_client()
    token = token_of(client)
    with client.session_transaction() as sess:
        raw = sess[CSRF_SESSION_KEY]
    assert CSRF_SESSION_KEY == "csrf_token"
    serializer = URLSafeTimedSerializer(app.secret_key, salt="wtf-csrf-token")
    assert serializer.loads(token) == raw


def test_token_signed_with_an_old_key_is_accepted_after_rotation(app_factory) -> None:
    old_key = secrets.token_urlsafe(32)
    app, ran = build(app_factory, SECRET_KEY=old_key)
    client = app.test_client()
    token = token_of(client)
    app.config.update(SECRET_KEY=secrets.token_urlsafe(32), SECRET_KEY_FALLBACKS=[old_key])
    assert client.post("/submit", data={"csrf_token": token}).status_code == 200
    assert ran == ["submit"]
    new_token = token_of(client)
    assert URLSafeTimedSerializer(app.secret_key, salt="wtf-csrf-token").loads(new_token)


def test_token_signed_with_a_dropped_key_is_refused(app_factory) -> None:
    app, ran = build(app_factory)
    client = app.test_client()
    token = token_of(client)
    with client.session_transaction() as sess:
        raw = sess[CSRF_SESSION_KEY]
    app.config.update(SECRET_KEY=secrets.token_urlsafe(32))
    with client.session_transaction() as sess:  # re-sign the session with the new key
        sess[CSRF_SESSION_KEY] = raw
    response = client.post("/submit", data={"csrf_token": token}, headers={"Accept": "*/*"})
    assert response.status_code == 403
    assert ran == []


@pytest.mark.parametrize(
    ("forge", "reason"),
    [
        pytest.param(
            lambda raw, app: URLSafeTimedSerializer(
                "another key " * 4, salt="wtf-csrf-token"
            ).dumps(raw),
            "token-invalid",
            id="signed-with-another-key",
        ),
        pytest.param(
            lambda raw, app: URLSafeTimedSerializer(app.secret_key, salt="other-salt").dumps(raw),
            "token-invalid",
            id="signed-with-another-salt",
        ),
        pytest.param(lambda raw, app: raw, "token-invalid", id="raw-value-unsigned"),
        pytest.param(
            lambda raw, app: URLSafeTimedSerializer(app.secret_key, salt="wtf-csrf-token").dumps(
                "f" * 40
            ),
            "token-mismatch",
            id="valid-signature-other-session",
        ),
        pytest.param(
            lambda raw, app: URLSafeTimedSerializer(
                app.secret_key, salt="wtf-csrf-token", signer=_SignerFromTheTwoHoursAgo
            ).dumps(raw),
            "token-expired",
            id="expired",
        ),
    ],
)
def test_forged_or_stale_tokens_are_refused(app_factory, forge, reason) -> None:
    app, ran = build(app_factory)
    client = app.test_client()
    token_of(client)
    with client.session_transaction() as sess:
        raw = sess[CSRF_SESSION_KEY]
    response = client.post(
        "/submit", data={"csrf_token": forge(raw, app)}, headers={"Accept": "application/json"}
    )
    assert response.status_code == 403
    assert response.get_json()["reason"] == reason
    assert ran == []


class _SignerFromTheTwoHoursAgo(TimestampSigner):
    def get_timestamp(self) -> int:
        return int(time.time()) - 7200


def test_token_without_a_session_value_is_refused(app_factory) -> None:
    app, _ = build(app_factory)
    other = app.test_client()
    token = token_of(other)
    response = app.test_client().post(
        "/submit", data={"csrf_token": token}, headers={"Accept": "application/json"}
    )
    assert response.get_json()["reason"] == "session-token-missing"


def test_a_regenerated_session_gets_a_new_token_and_the_old_one_dies(app_factory) -> None:
    app, _ = build(app_factory)
    client = app.test_client()
    old = token_of(client)
    assert client.post("/logout-everywhere", data={"csrf_token": old}).status_code == 200
    new = token_of(client)
    assert new != old
    response = client.post(
        "/submit", data={"csrf_token": old}, headers={"Accept": "application/json"}
    )
    assert response.get_json()["reason"] == "token-mismatch"
    assert client.post("/submit", data={"csrf_token": new}).status_code == 200


def test_no_time_limit_still_verifies_the_signature(app_factory) -> None:
    app, _ = build(app_factory, BASTION_CSRF_TIME_LIMIT=None)
    client = app.test_client()
    assert client.post("/submit", data={"csrf_token": token_of(client)}).status_code == 200
    assert client.post("/submit", data={"csrf_token": "x.y.z"}).status_code == 403


# -- Flask-WTF interoperability ----------------------------------------------


def test_flask_wtf_tokens_validate_here_and_ours_validate_there(app_factory) -> None:
    from flask_wtf.csrf import generate_csrf, validate_csrf

    app, ran = build(app_factory)

    @app.get("/wtf-token")
    def wtf_token() -> str:
        return generate_csrf()

    @app.post("/wtf-check")
    @csrf_exempt
    def wtf_check() -> str:
        validate_csrf(request.form["csrf_token"])  # raises ValidationError if not
        return "flask-wtf accepts it"

    client = app.test_client()
    wtf_made = client.get("/wtf-token").get_data(as_text=True)
    assert client.post("/submit", data={"csrf_token": wtf_made}).status_code == 200
    ours = token_of(client)
    response = client.post("/wtf-check", data={"csrf_token": ours})
    assert response.get_data(as_text=True) == "flask-wtf accepts it"
    assert ran == ["submit"]


def test_flask_form_trusts_a_request_the_guard_accepted(app_factory) -> None:
    from flask_wtf import FlaskForm
    from wtforms import StringField

    class NameForm(FlaskForm):
        name = StringField()

    app, _ = build(app_factory)

    @app.post("/name")
    def name() -> str:
        form = NameForm()
        return "valid" if form.validate_on_submit() else f"invalid {form.errors}"

    response = app.test_client().post(
        "/name", data={"name": "ada"}, headers={"Sec-Fetch-Site": "same-origin"}
    )
    assert response.get_data(as_text=True) == "valid"


# -- exemptions --------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "config", "view"),
    [
        pytest.param("/hook", {}, "hook", id="decorated-view"),
        pytest.param("/webhooks/wh", {}, "wh", id="decorated-blueprint"),
        pytest.param(
            "/submit", {"BASTION_CSRF_EXEMPT": ["submit"]}, "submit", id="config-endpoint"
        ),
        pytest.param(
            "/partners/inner/deep",
            {"BASTION_CSRF_EXEMPT": ["partners"]},
            "deep",
            id="config-parent-blueprint",
        ),
        pytest.param(
            "/partners/inner/deep",
            {"BASTION_CSRF_EXEMPT": ["partners.inner"]},
            "deep",
            id="config-nested-blueprint",
        ),
    ],
)
def test_exempt_views_accept_cross_site_posts(app_factory, path, config, view) -> None:
    app, ran = build(app_factory, **config)
    headers = {"Sec-Fetch-Site": "cross-site", "Origin": "https://payments.example"}
    assert app.test_client().post(path, headers=headers).status_code == 200
    assert ran == [view]


def test_is_csrf_exempt_lists_every_exemption(app_factory) -> None:
    app, _ = build(app_factory, BASTION_CSRF_EXEMPT=["partners.inner", "submit"])
    exempt = {
        rule.endpoint for rule in app.url_map.iter_rules() if is_csrf_exempt(app, rule.endpoint)
    }
    assert exempt == {"hook", "webhooks.wh", "submit", "partners.inner.deep"}


def test_is_csrf_exempt_is_true_everywhere_when_csrf_is_off(app_factory) -> None:
    app, _ = build(app_factory, BASTION_CSRF=False)
    assert is_csrf_exempt(app, "submit")
    assert app.test_client().post("/submit").status_code == 200


def test_csrf_token_still_renders_when_csrf_is_off(app_factory) -> None:
    app, _ = build(app_factory, BASTION_CSRF=False)
    assert app.test_client().get("/form").get_data(as_text=True).count(".") == 2


# -- the refusal -------------------------------------------------------------


def test_refusal_is_a_friendly_page(app_factory) -> None:
    app, _ = build(app_factory)
    response = app.test_client().post("/submit", headers={"Accept": "text/html"})
    page = response.get_data(as_text=True)
    assert response.status_code == 403
    assert response.mimetype == "text/html"
    assert "reload the page" in page
    assert "Traceback" not in page
    nonce = re.search(r'<style nonce="([^"]+)"', page).group(1)
    assert f"'nonce-{nonce}'" in response.headers["Content-Security-Policy"]


def test_refusal_is_logged_without_the_token(app_factory, caplog) -> None:
    app, _ = build(app_factory)
    client = app.test_client()
    token_of(client)
    forged = "Zm9yZ2VkLXRva2VuLXZhbHVl.aaaaaa.bbbbbbbbbbbbbbbbbbbbbbbbbbb"
    with caplog.at_level(logging.INFO, logger="flask_bastion.security"):
        response = client.post(
            "/submit",
            data={"csrf_token": forged},
            headers={"Accept": "application/json", "X-CSRFToken": forged},
        )
    events = [r for r in caplog.records if getattr(r, "bastion_event", None) == "csrf.failure"]
    assert len(events) == 1
    fields = events[0].bastion_fields
    assert fields["reason"] == "token-invalid"
    assert fields["method"] == "POST"
    assert fields["path"] == "/submit"
    assert fields["error_id"] == response.get_json()["id"]
    for record in caplog.records:
        assert forged not in record.getMessage()
        assert forged not in repr(getattr(record, "bastion_fields", ""))


def test_app_error_handler_registered_before_the_guard_is_kept(app_factory) -> None:
    app = app_factory(guard=False)

    @app.errorhandler(CSRFError)
    def mine(error: CSRFError):
        return f"custom {error.reason}", 400

    Bastion(app)

    @app.post("/submit")
    def submit() -> str:
        return "done"

    response = app.test_client().post("/submit")
    assert (response.status_code, response.get_data(as_text=True)) == (400, "custom token-missing")


def test_app_error_handler_registered_after_the_guard_wins(app_factory) -> None:
    app, _ = build(app_factory)

    @app.errorhandler(CSRFError)
    def mine(error: CSRFError):
        return "custom", 418

    assert app.test_client().post("/submit").status_code == 418


def test_csrf_error_is_a_forbidden_http_exception() -> None:
    from werkzeug.exceptions import Forbidden

    error = CSRFError("cross-site")
    assert isinstance(error, Forbidden)
    assert error.code == 403
    assert error.reason == "cross-site"


def test_csrf_token_outside_a_guarded_app_still_signs_in_flask_wtf_format() -> None:
    app = Flask("plain")
    app.secret_key = secrets.token_urlsafe(32)
    with app.test_request_context():
        token = csrf_token()
        assert csrf_token() == token
        raw = session[CSRF_SESSION_KEY]
    assert URLSafeTimedSerializer(app.secret_key, salt="wtf-csrf-token").loads(token) == raw


# -- two apps, settings ------------------------------------------------------


def test_two_apps_in_one_process_keep_their_own_settings(app_factory) -> None:
    trusting, _ = build(app_factory, BASTION_CSRF_TRUSTED_ORIGINS=[TRUSTED])
    strict, _ = build(app_factory)
    headers = {"Sec-Fetch-Site": "cross-site", "Origin": TRUSTED}
    assert trusting.test_client().post("/submit", headers=headers).status_code == 200
    assert strict.test_client().post("/submit", headers=headers).status_code == 403


@pytest.mark.parametrize(
    ("key", "value"),
    [
        pytest.param("BASTION_CSRF_TIME_LIMIT", -1, id="time-limit-negative"),
        pytest.param("BASTION_CSRF_TIME_LIMIT", "3600", id="time-limit-string"),
        pytest.param("BASTION_CSRF_TIME_LIMIT", True, id="time-limit-bool"),
        pytest.param("BASTION_CSRF_FIELD_NAME", "", id="field-empty"),
        pytest.param("BASTION_CSRF_HEADERS", "X-CSRFToken", id="headers-bare-string"),
        pytest.param("BASTION_CSRF_HEADERS", (), id="headers-empty"),
        pytest.param("BASTION_CSRF_TRUSTED_ORIGINS", TRUSTED, id="origins-bare-string"),
        pytest.param("BASTION_CSRF_TRUSTED_ORIGINS", ["https://a.example/path"], id="origin-path"),
        pytest.param("BASTION_CSRF_TRUSTED_ORIGINS", ["ftp://a.example"], id="origin-scheme"),
        pytest.param("BASTION_CSRF_TRUSTED_ORIGINS", ["a.example"], id="origin-no-scheme"),
        pytest.param("BASTION_CSRF_TRUSTED_ORIGINS", [42], id="origin-not-text"),
        pytest.param("BASTION_CSRF_EXEMPT", "webhooks", id="exempt-bare-string"),
    ],
)
def test_bad_settings_fail_at_start_up_naming_the_key(app_factory, key, value) -> None:
    with pytest.raises(ConfigurationError) as caught:
        app_factory(**{key: value})
    assert caught.value.setting == key
    assert key in str(caught.value)


def test_tokens_work_with_server_side_sessions(app_factory, tmp_path) -> None:
    app, ran = build(app_factory, BASTION_SESSION_URL=f"sqlite:///{tmp_path / 'sessions.db'}")
    client = app.test_client()
    token = token_of(client)
    assert client.post("/submit", data={"csrf_token": token}).status_code == 200
    assert app.test_client().post("/submit", data={"csrf_token": token}).status_code == 403
    assert ran == ["submit"]


def test_app_template_replaces_the_refusal_page(app_factory, tmp_path) -> None:
    (tmp_path / "bastion").mkdir()
    (tmp_path / "bastion" / "csrf_error.html").write_text("ours: {{ reason }} {{ error_id }}")
    app, _ = build(app_factory, template_folder=str(tmp_path))
    response = app.test_client().post("/submit")
    assert response.status_code == 403
    assert response.get_data(as_text=True).startswith("ours: token-missing ")
