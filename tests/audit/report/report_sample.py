"""A hand-made audit result, rules and a frozen catalogue for the reporter tests.

The golden files must change only when a reporter changes, not when another
helper edits ``catalog.toml`` or registers a rule: so the golden tests render
against the small catalogue below (``frozen_catalogue``) and the rules below
(``SAMPLE_RULES``). Tests that check the real catalogue and registry say so.
"""

from __future__ import annotations

import json
from dataclasses import replace
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema

from flask_bastion.audit.finding import (
    AuditResult,
    Confidence,
    Diagnostic,
    Evidence,
    Finding,
    Location,
    Probe,
    Severity,
    TraceStep,
)
from flask_bastion.audit.registry import Rule, Scope, parse_doc
from flask_bastion.audit.report.json_report import schema
from flask_bastion.catalog import Entry, Threat, ThreatSeverity

PROJECT = Path(__file__).parents[3]
SARIF_SCHEMA = PROJECT / ".." / "shared" / "data" / "sarif-schema-2.1.0.json"


@cache
def _sarif_validator() -> jsonschema.protocols.Validator:
    assert SARIF_SCHEMA.exists(), f"the SARIF 2.1.0 schema is expected at {SARIF_SCHEMA}"
    loaded = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    validator_class = jsonschema.validators.validator_for(loaded)
    assert validator_class is jsonschema.Draft4Validator  # as the schema declares
    return validator_class(loaded)


def validate_sarif(document: dict[str, Any]) -> None:
    errors = sorted(_sarif_validator().iter_errors(document), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors[:5])


def validate_json(document: dict[str, Any]) -> None:
    jsonschema.Draft7Validator.check_schema(schema())
    errors = list(jsonschema.Draft7Validator(schema()).iter_errors(document))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors[:5])


def _entry(
    id: str,
    title: str,
    threats: list[tuple[str, str]],
    *,
    summary: str = "",
    enforced: bool = True,
    settings: tuple[str, ...] = (),
    why_not: str | None = None,
) -> Entry:
    return Entry(
        id=id,
        title=title,
        summary=summary or f"{title}, as the guard applies it.",
        why="Without it, an attacker gains a foothold.",
        threats=tuple(Threat(n, ThreatSeverity[s.upper()]) for n, s in threats),
        guard_enforced=enforced,
        guard_settings=settings,
        guard_api=(),
        guard_why_not=why_not,
        rules=(),
        cwe=(),
        asvs=(),
    )


FROZEN_CATALOGUE = {
    e.id: e
    for e in (
        _entry("M01", "Session cookie HttpOnly", [("Session theft through XSS", "high")]),
        _entry("M03", "Session cookie SameSite", [("Cross-site request forgery", "medium")]),
        _entry(
            "M05",
            "Strong, rotated SECRET_KEY",
            [("Session forgery", "critical"), ("Key leak through source control", "high")],
            summary="SECRET_KEY is generated with `secrets` and never committed.",
        ),
        _entry(
            "M06",
            "CSRF protection",
            [("Cross-site request forgery", "high")],
            settings=("BASTION_CSRF",),
        ),
        _entry("M09", "Security headers", [("Clickjacking", "medium")]),
        _entry("M10", "Safe file uploads", [("Stored XSS through uploads", "high")]),
        _entry(
            "M14",
            "No server-side template injection",
            [("RCE through SSTI", "critical")],
            enforced=False,
            why_not="Only data-flow analysis of the code can see it.",
        ),
        _entry("M17", "Session timeouts", [("Session hijacking", "medium")]),
    )
}


def _rule(
    id: str,
    name: str,
    title: str,
    mitigation: str,
    sev: Severity,
    cwe: tuple[int, ...],
    fix: str,
    doc: str,
) -> Rule:
    return Rule(
        id=id,
        name=name,
        title=title,
        severity=sev,
        confidence=Confidence.HIGH,
        cwe=cwe,
        mitigation=mitigation,
        fix=fix,
        scope=Scope.MODULE,
        doc=parse_doc(doc),
        check=lambda ctx: (),
    )


SAMPLE_RULES = {
    r.id: r
    for r in (
        _rule(
            "FB101",
            "hardcoded-secret-key",
            "Hard-coded SECRET_KEY",
            "M05",
            Severity.CRITICAL,
            (798, 321),
            "Load SECRET_KEY from the environment or a secret file.",
            """
            ## What it does
            Flags a `SECRET_KEY` assigned a string literal in source code.

            ## Why is this bad?
            Anyone who reads the repository can forge sessions.

            ## Example
            ```python
            app.config["SECRET_KEY"] = "dev"
            ```

            ## Use instead
            ```python
            app.config["SECRET_KEY"] = os.environ["SECRET_KEY"]
            ```

            ## References
            - CWE-798
            """,
        ),
        _rule(
            "FB301",
            "state-change-without-csrf",
            "State-changing route without CSRF protection",
            "M06",
            Severity.HIGH,
            (352,),
            "Install Bastion(app) or CSRFProtect(app).",
            """
            ## What it does
            Flags POST routes with no CSRF protection.
            """,
        ),
        _rule(
            "FB401",
            "template-injection",
            "Request data compiled as a template",
            "M14",
            Severity.CRITICAL,
            (1336, 94),
            "Render a template file and pass the data as a variable.",
            """
            ## What it does
            Traces request data into `render_template_string`.
            """,
        ),
    )
}


def sample_result() -> AuditResult:
    """Every shape a reporter must handle: trace, probe, evidence, orphans, diagnostics."""
    r = SAMPLE_RULES
    return AuditResult(
        root="shop",
        tool_version="0.1.0",
        files_scanned=12,
        lines_scanned=840,
        duration_seconds=0.42,
        suppressed=2,
        parsers={"libcst-downlevel": 1, "ast": 11},
        not_applicable={"M10"},
        findings=[
            replace(
                r["FB401"].finding(
                    "Request data reaches render_template_string(): <b>SSTI</b>.",
                    Location("shop/views.py", 31, 12, 31, 41),
                    trace=(
                        TraceStep(Location("shop/views.py", 28, 12), 'request.args["q"]', "source"),
                        TraceStep(Location("shop/views.py", 29, 5), 'page = f"<h1>{q}</h1>"'),
                        TraceStep(
                            Location("shop/views.py", 31, 12),
                            "render_template_string(page)",
                            "sink",
                        ),
                    ),
                ),
                snippet="    return render_template_string(page)",
            ),
            replace(
                r["FB101"].finding(
                    "SECRET_KEY is a string literal in source code.",
                    Location("shop/config.py", 3, 14, 3, 19),
                ),
                snippet='SECRET_KEY = "dev"',
            ),
            replace(
                r["FB301"].finding(
                    "POST route `delete_order` changes state without CSRF protection.",
                    Location("shop/views.py", 40, 0, 41),
                ),
                snippet='@app.post("/orders/<int:id>/delete")\ndef delete_order(id):',
            ),
            Finding(
                rule_id="FB112",
                rule_name="secret-key-in-config-file",
                mitigation="M05",
                severity=Severity.HIGH,
                confidence=Confidence.HIGH,
                cwe=(798,),
                message="SECRET_KEY has a value in a committed env file",
                fix="Keep the key out of the repository.",
                location=Location(".env", 2),
                snippet="SECRET_KEY=changeme",
            ),
            Finding(
                rule_id="FB282",
                rule_name="live-session-cookie-samesite-none",
                mitigation="M03",
                severity=Severity.MEDIUM,
                confidence=Confidence.HIGH,
                cwe=(1275,),
                message="SESSION_COOKIE_SAMESITE is None after init_app",
                fix='Set SESSION_COOKIE_SAMESITE = "Lax".',
                probe=Probe("IMPORT", "shop:create_app()", note="app.config after init_app"),
            ),
            Finding(
                rule_id="FB702",
                rule_name="missing-security-headers",
                mitigation="M09",
                severity=Severity.MEDIUM,
                confidence=Confidence.HIGH,
                cwe=(693, 1021),
                message="No Content-Security-Policy or X-Frame-Options on the home page.",
                fix="Install Bastion(app), which sets CSP, HSTS and frame protection.",
                probe=Probe(
                    "GET",
                    "https://shop.example/",
                    200,
                    (("Content-Type", "text/html; charset=utf-8"), ("Server", "gunicorn")),
                    "no CSP, no frame protection",
                ),
            ),
            Finding(
                rule_id="FB901",
                rule_name="vulnerable-dependency",
                mitigation="M18",
                severity=Severity.LOW,
                confidence=Confidence.MEDIUM,
                cwe=(1395,),
                message="jinja2 3.1.2 is pinned below 3.1.6 (known advisories).",
                fix="Upgrade jinja2 to 3.1.6 or later.",
                location=Location("requirements.txt", 4),
                snippet="jinja2==3.1.2",
            ),
        ],
        evidence=[
            Evidence("M06", "CSRFProtect(app) installed", Location("shop/__init__.py", 9)),
            Evidence("M01", "SESSION_COOKIE_HTTPONLY left at its default (True)"),
            Evidence(
                "M01",
                "Set-Cookie carries HttpOnly",
                probe=Probe("GET", "https://shop.example/login", 200),
            ),
            Evidence("M18", "Flask pinned at 3.1.3", Location("requirements.txt", 1)),
        ],
        diagnostics=[
            Diagnostic("FB003", "binary file skipped", "static/logo.bin"),
            Diagnostic("FB001", "could not parse: Python 2 print statement", "legacy/old.py", 3),
        ],
    )
