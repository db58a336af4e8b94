"""M09: security headers and CSP nonces on real responses."""

from __future__ import annotations

import re

import pytest
from flask import Flask, abort, make_response, render_template_string

from flask_bastion import ConfigurationError
from flask_bastion.mitigations.headers import csp, csp_nonce

PAGE = '<script nonce="{{ csp_nonce() }}">go()</script><style nonce="{{ csp_nonce() }}"></style>'


def build(app_factory, **config) -> Flask:
    app: Flask = app_factory(**config)

    @app.get("/page")
    def page() -> str:
        return render_template_string(PAGE)

    @app.get("/plain")
    def plain() -> str:
        return "no inline code"

    @app.get("/python-nonce")
    def python_nonce() -> str:
        first = csp_nonce()
        return render_template_string("{{ a }} {{ csp_nonce() }}", a=first)

    @app.get("/gallery")
    @csp(img_src="'self' https://cdn.example", **{"object-src": None})
    def gallery() -> str:
        return render_template_string(PAGE)

    @csp({"connect-src": "'self' wss://live.example"})
    @app.get("/live")
    def live() -> str:
        return "live"

    @app.get("/own-headers")
    def own_headers():
        response = make_response("mine")
        response.headers["X-Frame-Options"] = "SAMEORIGIN"
        response.headers["Content-Security-Policy"] = "default-src 'none'"
        return response

    @app.get("/missing")
    def missing() -> str:
        abort(404)

    return app


def directives(header: str) -> dict[str, str]:
    parts = (p.strip().split(" ", 1) for p in header.split(";") if p.strip())
    return {p[0]: (p[1] if len(p) > 1 else "") for p in parts}


@pytest.mark.parametrize(
    ("name", "value"),
    [
        pytest.param("X-Content-Type-Options", "nosniff", id="nosniff"),
        pytest.param("X-Frame-Options", "DENY", id="frame-options"),
        pytest.param("Referrer-Policy", "strict-origin-when-cross-origin", id="referrer"),
        pytest.param(
            "Permissions-Policy",
            "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
            id="permissions",
        ),
        pytest.param("Cross-Origin-Opener-Policy", "same-origin", id="coop"),
        pytest.param("Cross-Origin-Resource-Policy", "same-origin", id="corp"),
    ],
)
def test_default_headers_are_sent(app_factory, name, value) -> None:
    response = build(app_factory).test_client().get("/plain")
    assert response.headers.getlist(name) == [value]


def test_default_csp_without_inline_code_has_no_nonce(app_factory) -> None:
    response = build(app_factory).test_client().get("/plain")
    policy = response.headers["Content-Security-Policy"]
    assert "nonce-" not in policy
    assert directives(policy) == {
        "default-src": "'self'",
        "script-src": "'self'",
        "style-src": "'self'",
        "img-src": "'self' data:",
        "font-src": "'self'",
        "connect-src": "'self'",
        "object-src": "'none'",
        "base-uri": "'self'",
        "form-action": "'self'",
        "frame-ancestors": "'none'",
    }


def test_nonce_differs_per_request_and_appears_in_header_and_page(app_factory) -> None:
    client = build(app_factory).test_client()
    seen = []
    for _ in range(2):
        response = client.get("/page")
        nonces = set(re.findall(r'nonce="([^"]+)"', response.get_data(as_text=True)))
        assert len(nonces) == 1, "one nonce per request, reused by every tag"
        nonce = nonces.pop()
        assert len(nonce) >= 22
        policy = directives(response.headers["Content-Security-Policy"])
        assert policy["script-src"] == f"'self' 'nonce-{nonce}'"
        assert policy["style-src"] == f"'self' 'nonce-{nonce}'"
        assert "nonce-" not in policy["img-src"]
        seen.append(nonce)
    assert seen[0] != seen[1]


def test_python_function_and_template_share_the_nonce(app_factory) -> None:
    response = build(app_factory).test_client().get("/python-nonce")
    first, second = response.get_data(as_text=True).split()
    assert first == second
    assert f"'nonce-{first}'" in response.headers["Content-Security-Policy"]


def test_nonce_directives_are_configurable(app_factory) -> None:
    app = build(app_factory, BASTION_CSP_NONCE_DIRECTIVES=["script-src"])
    policy = directives(app.test_client().get("/page").headers["Content-Security-Policy"])
    assert "nonce-" in policy["script-src"]
    assert policy["style-src"] == "'self'"


def test_report_only_mode_with_a_report_uri(app_factory) -> None:
    app = build(app_factory, BASTION_CSP_REPORT_ONLY=True, BASTION_CSP_REPORT_URI="/csp-reports")
    response = app.test_client().get("/page")
    assert "Content-Security-Policy" not in response.headers
    policy = directives(response.headers["Content-Security-Policy-Report-Only"])
    assert policy["report-uri"] == "/csp-reports"
    assert policy["report-to"] == "csp-endpoint"
    assert "nonce-" in policy["script-src"]
    assert response.headers["Reporting-Endpoints"] == 'csp-endpoint="/csp-reports"'
    assert response.headers["X-Frame-Options"] == "DENY", "report-only ignores frame-ancestors"


def test_per_view_override_replaces_and_removes_directives(app_factory) -> None:
    client = build(app_factory).test_client()
    response = client.get("/gallery")
    policy = directives(response.headers["Content-Security-Policy"])
    assert policy["img-src"] == "'self' https://cdn.example"
    assert "object-src" not in policy
    nonce = re.search(r'nonce="([^"]+)"', response.get_data(as_text=True)).group(1)
    assert policy["script-src"] == f"'self' 'nonce-{nonce}'"
    other = directives(client.get("/plain").headers["Content-Security-Policy"])
    assert other["img-src"] == "'self' data:"
    assert other["object-src"] == "'none'"


def test_override_works_above_the_route_decorator_too(app_factory) -> None:
    response = build(app_factory).test_client().get("/live")
    policy = directives(response.headers["Content-Security-Policy"])
    assert policy["connect-src"] == "'self' wss://live.example"


def test_headers_the_view_set_are_never_overwritten(app_factory) -> None:
    response = build(app_factory).test_client().get("/own-headers")
    assert response.headers.getlist("X-Frame-Options") == ["SAMEORIGIN"]
    assert response.headers.getlist("Content-Security-Policy") == ["default-src 'none'"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_error_responses_carry_the_headers(app_factory) -> None:
    response = build(app_factory).test_client().get("/missing")
    assert response.status_code == 404
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "Content-Security-Policy" in response.headers


@pytest.mark.parametrize(
    ("base_url", "expected"),
    [
        pytest.param("http://localhost", None, id="http-never"),
        pytest.param("https://localhost", "max-age=31536000; includeSubDomains", id="https"),
    ],
)
def test_hsts_only_on_https(app_factory, base_url, expected) -> None:
    response = build(app_factory).test_client().get("/plain", base_url=base_url)
    assert response.headers.get("Strict-Transport-Security") == expected


def test_hsts_options(app_factory) -> None:
    app = build(
        app_factory,
        BASTION_HSTS_MAX_AGE=63_072_000,
        BASTION_HSTS_INCLUDE_SUBDOMAINS=False,
        BASTION_HSTS_PRELOAD=True,
    )
    response = app.test_client().get("/plain", base_url="https://localhost")
    assert response.headers["Strict-Transport-Security"] == "max-age=63072000; preload"


def test_hsts_through_a_trusted_proxy(app_factory) -> None:
    app = build(app_factory, BASTION_TRUSTED_PROXIES=1)
    response = app.test_client().get("/plain", headers={"X-Forwarded-Proto": "https"})
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")


def test_a_header_set_to_none_is_left_out(app_factory) -> None:
    app = build(app_factory, BASTION_PERMISSIONS_POLICY=None, BASTION_HSTS=False)
    response = app.test_client().get("/plain", base_url="https://localhost")
    assert "Permissions-Policy" not in response.headers
    assert "Strict-Transport-Security" not in response.headers


def test_headers_off_sends_none_but_templates_still_render(app_factory) -> None:
    app = build(app_factory, BASTION_HEADERS=False)
    response = app.test_client().get("/page")
    assert response.status_code == 200
    assert 'nonce="' in response.get_data(as_text=True)
    for name in ("Content-Security-Policy", "X-Frame-Options", "X-Content-Type-Options"):
        assert name not in response.headers


def test_same_origin_framing_is_consistent(app_factory) -> None:
    app = build(
        app_factory,
        BASTION_FRAME_OPTIONS="SAMEORIGIN",
        BASTION_CSP={"default-src": "'self'", "frame-ancestors": "'self'"},
        BASTION_CSP_NONCE_DIRECTIVES=["default-src"],
    )
    response = app.test_client().get("/plain")
    assert response.headers["X-Frame-Options"] == "SAMEORIGIN"
    assert directives(response.headers["Content-Security-Policy"])["frame-ancestors"] == "'self'"


def test_two_apps_in_one_process_keep_their_own_policies(app_factory) -> None:
    strict = build(app_factory)
    loose = build(
        app_factory, BASTION_CSP={"default-src": "'self' https:"}, BASTION_CSP_NONCE_DIRECTIVES=[]
    )
    assert "object-src" in strict.test_client().get("/plain").headers["Content-Security-Policy"]
    assert loose.test_client().get("/page").headers["Content-Security-Policy"] == (
        "default-src 'self' https:"
    )


@pytest.mark.parametrize(
    ("key", "value"),
    [
        pytest.param("BASTION_CSP", "default-src 'self'", id="csp-not-a-mapping"),
        pytest.param("BASTION_CSP", {"script src": "'self'"}, id="csp-bad-directive"),
        pytest.param(
            "BASTION_CSP", {"script-src": "'self'; object-src *"}, id="csp-injected-directive"
        ),
        pytest.param("BASTION_CSP", {"script-src": 42}, id="csp-sources-not-text"),
        pytest.param(
            "BASTION_CSP_NONCE_DIRECTIVES", ["worker-src"], id="nonce-directive-not-in-csp"
        ),
        pytest.param("BASTION_CSP_NONCE_DIRECTIVES", "script-src", id="nonce-bare-string"),
        pytest.param("BASTION_FRAME_OPTIONS", "ALLOW-FROM https://a.example", id="xfo-obsolete"),
        pytest.param("BASTION_FRAME_OPTIONS", "SAMEORIGIN", id="xfo-contradicts-csp"),
        pytest.param("BASTION_HSTS_MAX_AGE", -1, id="hsts-negative"),
        pytest.param("BASTION_HSTS_MAX_AGE", "1y", id="hsts-not-int"),
        pytest.param("BASTION_REFERRER_POLICY", "no-referrer\r\nX-Evil: 1", id="header-injection"),
        pytest.param("BASTION_CSP_REPORT_URI", "/r; script-src *", id="report-uri-injection"),
    ],
)
def test_bad_settings_fail_at_start_up_naming_the_key(app_factory, key, value) -> None:
    with pytest.raises(ConfigurationError) as caught:
        app_factory(**{key: value})
    assert caught.value.setting.startswith(key)


@pytest.mark.parametrize(
    ("directives", "named"),
    [
        pytest.param({}, {"img_src": "'self'; script-src *"}, id="injected-sources"),
        pytest.param({"img-src; script-src *": "'self'"}, {}, id="injected-name"),
    ],
)
def test_bad_override_fails_when_the_view_is_decorated(directives, named) -> None:
    with pytest.raises(ConfigurationError, match="@csp"):
        csp(directives, **named)
