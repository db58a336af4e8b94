"""``--url``: real servers on 127.0.0.1, including broken ones; never a crash."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from flask_bastion.audit.finding import AuditResult
from flask_bastion.audit.live import run_url_checks

from . import apps
from .conftest import Serve, redirect_loop_app

FAST = 1.0  # seconds per request against servers that never answer


def ids(result: AuditResult) -> set[str]:
    return {f.rule_id for f in result.findings}


def messages(result: AuditResult, rule_id: str) -> list[str]:
    return sorted(f.message for f in result.findings if f.rule_id == rule_id)


def redirector(target: str) -> Any:
    """A plain-HTTP front that sends everything to *target* over HTTPS."""

    def app(environ: dict[str, Any], start_response: Any) -> list[bytes]:
        start_response("308 Permanent Redirect", [("Location", target + environ["PATH_INFO"])])
        return [b""]

    return app


def test_insecure_app_on_the_development_server(serve: Serve) -> None:
    url = serve(apps.insecure_app(), hide_banner=False)
    result = run_url_checks(url + "/", timeout=5)
    assert ids(result) == {
        "FB780", "FB782", "FB784", "FB981", "FB982", "FB983",
    }  # fmt: skip
    # its catch-all handler turns the 404 into "error: 404 Not Found ...": no leak
    assert "FB681" not in ids(result)
    assert messages(result, "FB981") == ["/.env is served", "/.git/config is served"]
    (banner,) = messages(result, "FB982")
    assert banner.startswith("Server: Werkzeug/")
    assert result.diagnostics == []


def test_hardened_app_over_tls_behind_an_http_redirect(
    serve: Serve, tls_cert: tuple[Path, Path]
) -> None:
    tls = serve(apps.hardened_app(trusted_hosts=("127.0.0.1",)), hide_banner=True, tls=tls_cert)
    front = serve(redirector(tls), hide_banner=True)
    result = run_url_checks(front + "/", timeout=5, ca_file=str(tls_cert[0]))
    assert [(f.rule_id, f.message) for f in result.findings] == []
    assert result.diagnostics == []
    claims = {e.message for e in result.evidence}
    assert f"plain HTTP redirects to {tls}/" in claims
    assert "the TLS certificate is accepted" in claims
    assert "Strict-Transport-Security: max-age=31536000; includeSubDomains" in claims


def test_self_signed_certificate_is_a_finding(serve: Serve, tls_cert: tuple[Path, Path]) -> None:
    url = serve(apps.hardened_app(trusted_hosts=("127.0.0.1",)), tls=tls_cert)
    result = run_url_checks(url + "/", timeout=5)
    (message,) = messages(result, "FB785")
    assert message.startswith("TLS certificate not accepted: ")
    assert "self" in message.lower()
    assert ids(result) == {"FB785"}
    assert result.diagnostics == []


def test_session_cookie_flags_as_sent(serve: Serve) -> None:
    from flask import session

    app = apps.insecure_app()

    @app.get("/visit")
    def visit() -> str:
        session["seen"] = True
        return "<html></html>"

    url = serve(app)
    result = run_url_checks(url + "/visit", timeout=5)
    assert messages(result, "FB280") == ["cookie session is sent without HttpOnly"]
    assert messages(result, "FB281") == ["cookie session is sent without Secure"]
    assert messages(result, "FB282") == ["cookie session is sent with no SameSite"]


def test_debugger_console_is_found(serve: Serve) -> None:
    url = serve(apps.debugged_app())
    result = run_url_checks(url + "/", timeout=5)
    assert messages(result, "FB680") == ["the Werkzeug console answers"]


def test_trace_only_when_allowed(serve: Serve) -> None:
    app = apps.insecure_app()
    app.add_url_rule("/", "trace_root", lambda: "echo", methods=["TRACE"])
    url = serve(app)
    default = run_url_checks(url + "/", timeout=5)
    assert messages(default, "FB783") == ["Allow lists TRACE"]  # seen, never sent
    allowed = run_url_checks(url + "/", timeout=5, allow_methods=("GET", "OPTIONS", "TRACE"))
    assert messages(allowed, "FB783") == ["Allow lists TRACE", "TRACE is answered with 200"]


@pytest.mark.parametrize(
    ("fixture", "reason"),
    [
        pytest.param("hanging_url", "no answer within 1 s (timed out)", id="hangs"),
        pytest.param(
            "resetting_url",
            "the server closed or reset the connection without answering",
            id="resets",
        ),
        pytest.param(
            "closed_port_url", "connection refused: nothing listens on that port", id="refused"
        ),
    ],
)
def test_unanswering_servers_become_one_clear_diagnostic(
    fixture: str, reason: str, request: pytest.FixtureRequest
) -> None:
    url = request.getfixturevalue(fixture)
    result = run_url_checks(url, timeout=FAST)
    assert result.findings == []
    assert [(d.code, d.message) for d in result.diagnostics] == [("FB080", f"{url}: {reason}")]


def test_redirect_loop_is_detected(serve: Serve) -> None:
    url = serve(redirect_loop_app)
    result = run_url_checks(url + "/a", timeout=5)
    assert result.findings == []
    (diag,) = result.diagnostics
    assert diag.code == "FB080"
    assert diag.message == f"{url}/a: redirect loop: {url}/a -> {url}/b -> {url}/a"


def test_endless_redirects_stop_at_the_limit(serve: Serve) -> None:
    def onwards(environ: dict[str, Any], start_response: Any) -> list[bytes]:
        step = int(environ["PATH_INFO"].strip("/") or 0)
        start_response("302 Found", [("Location", f"/{step + 1}")])
        return [b""]

    url = serve(onwards)
    result = run_url_checks(url + "/0", timeout=5)
    assert [(d.code, d.message) for d in result.diagnostics] == [
        ("FB080", f"{url}/0: more than 5 redirects, last to {url}/6")
    ]


def test_not_a_url_is_refused() -> None:
    with pytest.raises(ValueError, match="not an http"):
        run_url_checks("ftp://127.0.0.1/")
