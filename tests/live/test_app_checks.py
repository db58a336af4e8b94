"""``--app``: in-process probes and configuration rules on apps built here.

Findings are compared as exact sets of rule ids, so a miss and an extra
both fail. Every view a probe must not run records itself in ``apps.RAN``.
"""

from __future__ import annotations

import json
import secrets

import pytest
from flask import Flask, request

from flask_bastion.audit.finding import AuditResult, Severity
from flask_bastion.audit.live import run_app_checks
from flask_bastion.audit.live.runner import check_target, live_rules
from flask_bastion.audit.live.target import Auth, Csrf, LiveTarget
from flask_bastion.audit.report import render

from . import apps

INSECURE = {
    "FB180", "FB183", "FB280", "FB281", "FB282", "FB283", "FB380", "FB381", "FB681",
    "FB780", "FB781", "FB782", "FB783", "FB784", "FB880", "FB881",
}  # fmt: skip


def ids(result: AuditResult) -> set[str]:
    return {f.rule_id for f in result.findings}


def messages(result: AuditResult, rule_id: str) -> list[str]:
    return sorted(f.message for f in result.findings if f.rule_id == rule_id)


@pytest.fixture(autouse=True)
def _no_view_ran() -> object:
    apps.RAN.clear()
    yield
    assert apps.RAN == [], "a probe ran a view with side effects"


@pytest.fixture(scope="module")
def insecure() -> AuditResult:
    return run_app_checks(apps.insecure_app())


def test_insecure_app_fires_exactly_the_expected_rules(insecure: AuditResult) -> None:
    assert ids(insecure) == INSECURE
    assert insecure.diagnostics == []


@pytest.mark.parametrize(
    "factory",
    [
        pytest.param(apps.hardened_app, id="hardened-by-hand"),
        pytest.param(apps.guarded_app, id="bastion-production"),
    ],
)
def test_secure_apps_have_no_findings(factory: object) -> None:
    result = run_app_checks(factory())  # type: ignore[operator]
    assert [(f.rule_id, f.message) for f in result.findings] == []
    assert result.diagnostics == []


def test_testing_profile_reports_exactly_what_it_relaxes() -> None:
    result = run_app_checks(apps.guarded_app("testing"))
    assert ids(result) == {"FB184", "FB281", "FB782"}
    assert "'testing'" in messages(result, "FB184")[0]


def test_debugger_in_the_wsgi_chain_is_reported() -> None:
    result = run_app_checks(apps.debugged_app())
    assert "FB680" in ids(result)
    assert result.findings[0].severity is Severity.CRITICAL or any(
        f.rule_id == "FB680" and f.severity is Severity.CRITICAL for f in result.findings
    )


def test_debug_mode_is_reported_and_its_traceback_counts_as_a_leak() -> None:
    result = run_app_checks(apps.insecure_app(DEBUG=True))
    assert ids(result) == INSECURE | {"FB181"}
    assert messages(result, "FB681") == [
        "unhandled errors reach the server's debugger, which shows the traceback",
    ]


def test_testing_mode_is_reported() -> None:
    result = run_app_checks(apps.insecure_app(TESTING=True, LOGIN_DISABLED=True))
    assert messages(result, "FB182") == [
        "TESTING, LOGIN_DISABLED is on in the running configuration"
    ]


def test_plain_flask_app_without_handlers() -> None:
    app = Flask("plain")
    app.config["SECRET_KEY"] = secrets.token_urlsafe(48)
    app.add_url_rule("/", "index", lambda: "<html></html>")
    result = run_app_checks(app)
    assert messages(result, "FB682") == ["no app-wide error handler for 404 and 500"]
    # Werkzeug's own 500 page shows nothing of the exception: no leak.
    assert "FB681" not in ids(result)
    assert "FB380" not in ids(result)  # no state-changing route: CSRF does not apply


def test_outdated_dependency_is_judged_on_installed_versions() -> None:
    target = LiveTarget(label="x:app", app=Flask("x"))
    target.versions = {"flask": "3.1.3", "werkzeug": "2.2.2", "jinja2": "3.1.6"}
    result = check_target(target, select_rules=("FB980",))
    found = messages(result, "FB980")
    assert (
        "werkzeug 2.2.2: CVE-2023-25577: High resource usage when parsing multipart form data with many fields (fixed in 2.2.3)"
        in found
    )
    assert all(m.startswith("werkzeug 2.2.2: ") for m in found)
    target.versions = {"flask": "3.1.3", "werkzeug": "3.1.6", "jinja2": "3.1.6"}
    assert check_target(target, select_rules=("FB980",)).findings == []
    target.versions = {"flask": "3.1.2"}  # no advisory in the table, but below the floor
    assert messages(check_target(target, select_rules=("FB980",)), "FB980") == [
        "flask 3.1.2: below the security floor 3.1.3"
    ]


def test_secret_values_never_reach_a_report() -> None:
    weak = "changeme-" + secrets.token_hex(4)
    result = run_app_checks(apps.insecure_app(SECRET_KEY=weak))
    (message,) = messages(result, "FB180")
    assert message.startswith("SECRET_KEY: it is")
    for fmt in ("text", "json", "sarif", "markdown", "html"):
        assert weak not in render(result, fmt, rules=live_rules())


def test_session_cookie_values_are_redacted_in_evidence(insecure: AuditResult) -> None:
    cookie_headers = [
        value
        for f in insecure.findings
        if f.probe is not None
        for name, value in f.probe.headers
        if name.lower() == "set-cookie"
    ]
    assert cookie_headers
    assert all(h.startswith("session=<redacted>;") for h in cookie_headers)


def test_routes_are_probed_without_running_views() -> None:
    from flask_bastion.audit.live.runner import app_target

    target = app_target(apps.hardened_app())
    by_rule = {r.rule: r for r in target.routes}
    assert by_rule["/admin/users"].auth is Auth.REQUIRED  # login_required ran, view did not
    assert by_rule["/account/delete"].csrf is Csrf.REJECTED
    assert by_rule["/login"].rate_limited is True
    assert by_rule["/"].auth is Auth.PUBLIC


def test_views_are_restored_after_the_probe() -> None:
    app = apps.insecure_app()
    before = dict(app.view_functions)
    run_app_checks(app)
    assert app.view_functions == before
    assert app.test_client().post("/account/delete").get_data(as_text=True) == "side effect done"
    apps.RAN.clear()


def test_csrf_exempt_route_is_reported() -> None:
    from flask_wtf import CSRFProtect

    app = apps.hardened_app()
    csrf = app.extensions["csrf"]
    assert isinstance(csrf, CSRFProtect)

    @app.post("/webhook")
    @csrf.exempt
    def webhook() -> str:
        return apps._side_effect("webhook")

    result = run_app_checks(app)
    assert messages(result, "FB381") == ["POST /webhook (webhook) reached the view"]


def test_forged_host_reflected_is_high() -> None:
    app = Flask("reflects")
    app.config["SECRET_KEY"] = secrets.token_urlsafe(48)
    app.add_url_rule("/", "index", lambda: f"<a href='https://{request.host}/x'>x</a>")
    result = run_app_checks(app)
    (finding,) = [f for f in result.findings if f.rule_id == "FB784"]
    assert finding.message == "a forged Host is answered with 200 and reflected in the response"
    assert finding.severity is Severity.HIGH


def test_app_loaded_from_a_spec_and_factory(tmp_path: object) -> None:
    from pathlib import Path

    folder = Path(str(tmp_path))
    name = f"factory_{secrets.token_hex(4)}"
    (folder / f"{name}.py").write_text(
        "from live.apps import guarded_app\n"
        "def create_app(profile='production'):\n"
        "    return guarded_app(profile)\n"
    )
    result = run_app_checks(f"{name}:create_app('testing')", root=str(folder))
    assert ids(result) == {"FB184", "FB281", "FB782"}


# -- each live rule: a case where it fires and one where it does not ------------------

FIRES_ON = {
    "FB180": "insecure", "FB181": "debug", "FB182": "testing", "FB183": "insecure",
    "FB184": "guarded-testing", "FB280": "insecure", "FB281": "insecure", "FB282": "insecure",
    "FB283": "insecure", "FB380": "insecure", "FB381": "insecure", "FB680": "debugged",
    "FB681": "insecure", "FB682": "debugged", "FB780": "insecure", "FB781": "insecure",
    "FB782": "insecure", "FB783": "insecure", "FB784": "insecure", "FB880": "insecure",
    "FB881": "insecure",
}  # fmt: skip
TESTED_ELSEWHERE = {"FB785", "FB981", "FB982", "FB983", "FB980"}  # url tests; FB980 above

_FACTORIES = {
    "insecure": apps.insecure_app,
    "debug": lambda: apps.insecure_app(DEBUG=True),
    "testing": lambda: apps.insecure_app(TESTING=True),
    "guarded-testing": lambda: apps.guarded_app("testing"),
    "debugged": apps.debugged_app,
}


def test_every_live_rule_has_a_case() -> None:
    live = set(live_rules())
    assert live == set(FIRES_ON) | TESTED_ELSEWHERE


@pytest.mark.parametrize("rule_id", sorted(FIRES_ON))
def test_rule_fires_on_its_bad_app_and_not_on_the_secure_ones(rule_id: str) -> None:
    bad = run_app_checks(_FACTORIES[FIRES_ON[rule_id]](), select_rules=(rule_id,))
    assert ids(bad) == {rule_id}
    for secure in (apps.hardened_app(), apps.guarded_app()):
        good = run_app_checks(secure, select_rules=(rule_id,))
        assert good.findings == []


def test_results_serialise_with_probes(insecure: AuditResult) -> None:
    data = json.loads(render(insecure, "json", rules=live_rules()))
    assert "FB381" in json.dumps(data)


def test_forged_host_on_a_failing_page_tells_nothing() -> None:
    app = Flask("failing")
    app.config.update(SECRET_KEY=secrets.token_urlsafe(48), TESTING=False)

    @app.get("/")
    def index() -> str:
        raise RuntimeError("no database")

    result = run_app_checks(app, select_rules=("FB784",))
    assert result.findings == [] and result.evidence == []
