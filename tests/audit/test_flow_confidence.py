"""Confidence and severity that depend on the code around a finding (not on its rule).

The case folders compare which lines are reported; these tests pin how sure the
auditor says it is, which ``--confidence medium`` relies on to hide the noisy classes.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from flask_bastion.audit.engine import AuditOptions, run_audit
from flask_bastion.audit.finding import Confidence, Severity

_XML_VIEW = """\
from flask import Flask, request
from lxml import etree

app = Flask(__name__)
{parser}

@app.post("/import")
def import_xml():
    return etree.tostring(etree.fromstring(request.data{extra}))
"""

_LOGIN = """\
from flask import Flask, redirect, request, session
{setup}

app = Flask(__name__)
{config}

@app.post("/login")
def login():
    session["user_id"] = check(request.form["email"], request.form["password"])
    return redirect("/")
"""


def _findings(tmp_path: Path, source: str, rule_id: str) -> list[tuple[Severity, Confidence]]:
    (tmp_path / "app.py").write_text(source, encoding="utf-8")
    options = AuditOptions(select=(rule_id,), cache=False, use_pyproject=False)
    result = run_audit([tmp_path], options)
    return [(f.severity, f.confidence) for f in result.findings if f.rule_id == rule_id]


@pytest.mark.parametrize(
    ("parser", "extra", "want"),
    [
        pytest.param("", "", Confidence.LOW, id="lxml-default-parser-low"),
        pytest.param(
            "PARSER = etree.XMLParser(resolve_entities=True)",
            ", PARSER",
            Confidence.HIGH,
            id="resolve-entities-true-high",
        ),
        pytest.param(
            "PARSER = etree.XMLParser(load_dtd=True, no_network=False)",
            ", PARSER",
            Confidence.HIGH,
            id="dtd-and-network-high",
        ),
    ],
)
def test_xxe_confidence_follows_the_parser(
    tmp_path: Path, parser: str, extra: str, want: Confidence
) -> None:
    got = _findings(tmp_path, _XML_VIEW.format(parser=parser, extra=extra), "FB409")
    assert [c for _, c in got] == [want]


def test_log_injection_is_low_confidence(tmp_path: Path) -> None:
    source = (
        "from flask import Flask, request\n\napp = Flask(__name__)\n\n\n"
        '@app.get("/")\ndef index():\n'
        '    app.logger.info("search %s", request.args["q"])\n    return "ok"\n'
    )
    assert [c for _, c in _findings(tmp_path, source, "FB414")] == [Confidence.LOW]


@pytest.mark.parametrize(
    ("setup", "config", "want"),
    [
        pytest.param("", "", (Severity.LOW, Confidence.LOW), id="cookie-session-low"),
        pytest.param(
            "from flask_session import Session",
            'app.config["SESSION_TYPE"] = "redis"\nSession(app)',
            (Severity.HIGH, Confidence.HIGH),
            id="server-side-session-high",
        ),
    ],
)
def test_session_fixation_depends_on_where_sessions_live(
    tmp_path: Path, setup: str, config: str, want: tuple[Severity, Confidence]
) -> None:
    source = _LOGIN.format(setup=setup, config=config)
    assert _findings(tmp_path, source, "FB205") == [want]


@pytest.mark.parametrize(
    ("override", "want"),
    [
        pytest.param("", Confidence.HIGH, id="dev-key-alone-high"),
        pytest.param(
            'app.config.from_pyfile("config.py", silent=True)',
            Confidence.MEDIUM,
            id="dev-key-then-instance-config-medium",
        ),
    ],
)
def test_weak_key_with_a_later_override_is_medium(
    tmp_path: Path, override: str, want: Confidence
) -> None:
    source = (
        "from flask import Flask\n\n"
        "def create_app():\n"
        "    app = Flask(__name__, instance_relative_config=True)\n"
        '    app.config.from_mapping(SECRET_KEY="dev")\n'
        f"    {override}\n"
        "    return app\n"
    )
    assert [c for _, c in _findings(tmp_path, source, "FB111")] == [want]
