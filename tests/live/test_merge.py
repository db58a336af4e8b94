"""One report: a static audit and the live checks of the same project, merged."""

from __future__ import annotations

import json
import secrets
from pathlib import Path

from flask_bastion.audit.engine import run_audit
from flask_bastion.audit.live import add_live_checks, run_app_checks
from flask_bastion.audit.report import render

from . import apps
from .conftest import Serve

SOURCE = """\
from flask import Flask

app = Flask(__name__)
app.config["SECRET_KEY"] = "dev"


@app.get("/")
def index():
    return "<html></html>"
"""


def test_live_and_static_evidence_share_one_verdict(tmp_path: Path) -> None:
    name = f"merged_{secrets.token_hex(4)}"
    (tmp_path / f"{name}.py").write_text(SOURCE)
    result = run_audit([str(tmp_path)])
    result.extend(run_app_checks(f"{name}:app", root=str(tmp_path)))
    (m05,) = [v for v in result.verdicts() if v.entry.id == "M05"]
    kinds = {(f.kind, f.rule_id) for f in m05.findings}
    assert ("live", "FB180") in kinds
    assert any(kind == "static" for kind, _ in kinds), kinds
    static = next(f for f in m05.findings if f.kind == "static")
    assert static.location is not None and static.location.path == f"{name}.py"
    report = render(result, "markdown")
    assert f"{name}.py:4" in report  # file:line evidence
    assert "IMPORT " in report and "GET https://localhost/" in report  # request evidence


def test_add_live_checks_merges_app_and_url(tmp_path: Path, serve: Serve) -> None:
    name = f"merged_{secrets.token_hex(4)}"
    (tmp_path / f"{name}.py").write_text(SOURCE)
    url = serve(apps.insecure_app())
    result = add_live_checks(
        run_audit([str(tmp_path)]), app=f"{name}:app", url=url + "/", root=str(tmp_path)
    )
    live = {f.rule_id for f in result.findings if f.kind == "live"}
    assert {"FB180", "FB981"} <= live  # one from the import, one from the network
    assert any(f.kind == "static" for f in result.findings)


def test_bastion_audit_with_app_and_url(tmp_path: Path, serve: Serve) -> None:
    from click.testing import CliRunner

    from flask_bastion.cli import main

    name = f"merged_{secrets.token_hex(4)}"
    (tmp_path / f"{name}.py").write_text(SOURCE)
    url = serve(apps.insecure_app())
    args = ["audit", str(tmp_path), "--no-cache", "--format", "json", "--app", f"{name}:app"]
    done = CliRunner().invoke(main, [*args, "--url", url + "/"], catch_exceptions=False)
    assert done.exit_code == 1
    assert "this runs the project's code" in done.stderr
    findings = json.loads(done.stdout)["findings"]
    kinds = {(f["rule_id"], f["kind"]) for f in findings}
    assert ("FB180", "live") in kinds and ("FB981", "live") in kinds
    static = [f for f in findings if f["kind"] == "static"]
    assert static and all(f["path"] == f"{name}.py" for f in static)  # file:line evidence


def test_bastion_audit_with_an_app_that_does_not_import(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from flask_bastion.cli import main

    args = ["audit", str(tmp_path), "--no-cache", "--app", "no_such_module_here:app"]
    assert CliRunner().invoke(main, args).exit_code == 2
