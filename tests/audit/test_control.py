"""User control: suppressions, baselines, [tool.bastion], cache, and the CLI's exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from flask_bastion.audit.engine import AuditOptions, run_audit
from flask_bastion.cli import main

APP = """\
from flask import Flask, make_response
app = Flask(__name__)
app.secret_key = "changeme"{suffix}


@app.get("/")
def index():
    resp = make_response("hi")
    resp.set_cookie("session_token", "dark")
    return resp
"""


def write_app(root: Path, suffix: str = "") -> Path:
    path = root / "app.py"
    path.write_text(APP.format(suffix=suffix))
    return path


def audit(root: Path, **kw: object) -> object:
    options = AuditOptions(cache=False, select=("FB111", "FB203"), **kw)  # type: ignore[arg-type]
    return run_audit([root], options)


@pytest.mark.parametrize(
    ("suffix", "suppressed", "diagnostic"),
    [
        pytest.param(
            "  # bastion: ignore[FB111] demo key, replaced at deploy", True, None, id="id+reason"
        ),
        pytest.param(
            "  # bastion: ignore[weak-secret-key] demo only", True, None, id="name+reason"
        ),
        pytest.param("  # bastion: ignore[FB111]", False, "FB006", id="no-reason"),
        pytest.param("  # bastion: ignore", False, "FB006", id="bare"),
        pytest.param("  # bastion: ignore[FB203] wrong rule", False, None, id="other-rule"),
    ],
)
def test_inline_suppression(
    tmp_path: Path, suffix: str, suppressed: bool, diagnostic: str | None
) -> None:
    write_app(tmp_path, suffix)
    result = audit(tmp_path)
    assert any(f.rule_id == "FB111" for f in result.findings) is not suppressed
    assert [d.code for d in result.diagnostics] == ([diagnostic] if diagnostic else [])
    assert result.suppressed == (1 if suppressed else 0)


def test_suppression_on_the_line_above(tmp_path: Path) -> None:
    (tmp_path / "app.py").write_text(
        "from flask import Flask\napp = Flask(__name__)\n"
        "# bastion: ignore[FB111] local demo only\n"
        'app.secret_key = "changeme"\n'
    )
    assert not [f for f in audit(tmp_path).findings if f.rule_id == "FB111"]


def test_baseline_drops_known_findings_only(tmp_path: Path) -> None:
    write_app(tmp_path)
    baseline = tmp_path / "baseline.json"
    runner = CliRunner()
    out = runner.invoke(
        main, ["audit", str(tmp_path), "--no-cache", "--write-baseline", str(baseline)]
    )
    assert out.exit_code == 0, out.output
    assert len(json.loads(baseline.read_text())["findings"]) >= 2
    again = runner.invoke(main, ["audit", str(tmp_path), "--no-cache", "--baseline", str(baseline)])
    assert again.exit_code == 0, again.output
    (tmp_path / "extra.py").write_text("from flask import Flask\nFlask(__name__).run(debug=True)\n")
    new = runner.invoke(
        main,
        ["audit", str(tmp_path), "--no-cache", "--baseline", str(baseline), "--format", "json"],
    )
    assert new.exit_code == 1
    assert {f["rule_id"] for f in json.loads(new.output)["findings"]} == {"FB100", "FB900"}


def test_pyproject_tool_table(tmp_path: Path) -> None:
    write_app(tmp_path)
    (tmp_path / "pyproject.toml").write_text(
        '[tool.bastion]\nignore = ["FB203"]\nseverity = "high"\n'
    )
    result = run_audit([tmp_path], AuditOptions(cache=False))
    assert {f.rule_id for f in result.findings} == {"FB111"}


def test_cache_gives_the_same_result(tmp_path: Path) -> None:
    root = tmp_path / "proj"
    root.mkdir()
    write_app(root)
    options = AuditOptions(cache_dir=str(tmp_path / "cache"))
    cold = run_audit([root], options)
    assert list((tmp_path / "cache").iterdir())
    warm = run_audit([root], options)
    assert [f.fingerprint for f in warm.findings] == [f.fingerprint for f in cold.findings]
    write_app(root, "  # bastion: ignore[FB111] changed file")
    edited = run_audit([root], options)
    assert "FB111" not in {f.rule_id for f in edited.findings}


def test_corrupt_cache_is_ignored(tmp_path: Path) -> None:
    root = tmp_path / "proj"
    root.mkdir()
    write_app(root)
    cache = tmp_path / "cache"
    run_audit([root], AuditOptions(cache_dir=str(cache)))
    for file in cache.iterdir():
        file.write_text("{not json")
    result = run_audit([root], AuditOptions(cache_dir=str(cache)))
    assert "FB111" in {f.rule_id for f in result.findings}


@pytest.mark.parametrize(
    ("args", "code"),
    [
        pytest.param([], 1, id="findings"),
        pytest.param(["--severity", "critical", "--ignore", "FB111"], 0, id="below-threshold"),
        pytest.param(["--select", "FB9"], 0, id="select-family"),
        pytest.param(["--format", "nope"], 2, id="bad-format"),
        pytest.param(["--severity", "extreme"], 2, id="bad-severity"),
    ],
)
def test_cli_exit_codes(tmp_path: Path, args: list[str], code: int) -> None:
    write_app(tmp_path)
    result = CliRunner().invoke(main, ["audit", str(tmp_path), "--no-cache", *args])
    assert result.exit_code == code, result.output


def test_cli_missing_path_is_usage_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["audit", str(tmp_path / "nope")])
    assert result.exit_code == 2


@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "html", "markdown"])
def test_cli_formats_and_output_file(tmp_path: Path, fmt: str) -> None:
    write_app(tmp_path)
    out = tmp_path / f"report.{fmt}"
    result = CliRunner().invoke(
        main, ["audit", str(tmp_path), "--no-cache", "--format", fmt, "--output", str(out)]
    )
    assert result.exit_code == 1, result.output
    assert "FB111" in out.read_text()


def test_rules_command_lists_and_documents() -> None:
    runner = CliRunner()
    listing = runner.invoke(main, ["rules"])
    assert listing.exit_code == 0 and "FB203" in listing.output
    doc = runner.invoke(main, ["rules", "FB203"])
    assert "## Why is this bad?" in doc.output
    rows = json.loads(runner.invoke(main, ["rules", "--format", "json", "FB1"]).output)
    assert {r["id"] for r in rows} >= {"FB100", "FB110", "FB111"}
    assert runner.invoke(main, ["rules", "FB999"]).exit_code == 2


def test_worker_processes_give_the_same_result() -> None:
    tree = Path(__file__).parent / "cases"
    serial = run_audit([tree], AuditOptions(cache=False, jobs=1, use_pyproject=False))
    forked = run_audit([tree], AuditOptions(cache=False, jobs=2, use_pyproject=False))
    assert serial.findings, "the cases tree has findings"
    assert [f.fingerprint for f in forked.findings] == [f.fingerprint for f in serial.findings]
    assert [(d.code, d.path) for d in forked.diagnostics] == [
        (d.code, d.path) for d in serial.diagnostics
    ]


def test_pip_audit_missing_is_a_diagnostic(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_app(tmp_path)
    (tmp_path / "requirements.txt").write_text("flask==3.1.3\n")
    monkeypatch.setenv("PATH", str(tmp_path / "no-bin"))
    result = run_audit([tmp_path], AuditOptions(cache=False, pip_audit=True))
    assert [d.code for d in result.diagnostics] == ["FB008"]
    assert "FB111" in {f.rule_id for f in result.findings}


def test_pip_audit_report_becomes_findings() -> None:
    from flask_bastion.audit.project import ConfigFile
    from flask_bastion.audit.rules.dependencies import pip_audit_findings

    config = ConfigFile("requirements.txt", "requirements", "flask==3.1.3\nrequests==2.0.0\n")
    report = {
        "dependencies": [
            {"name": "flask", "version": "3.1.3", "vulns": []},
            {"name": "requests", "version": "2.0.0", "vulns": [{"id": "PYSEC-2014-13"}]},
        ]
    }
    (finding,) = pip_audit_findings(config, report)
    assert finding.rule_id == "FB902"
    assert finding.location is not None and finding.location.line == 2
    assert "PYSEC-2014-13" in finding.message
