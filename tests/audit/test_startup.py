"""What makes ``bastion audit`` start and stop fast keeps its behaviour.

The console script exits with ``os._exit`` (no heap teardown), the package's
public names are imported lazily, the static audit never imports the guard,
and a run pauses the garbage collector only while it runs.
"""

from __future__ import annotations

import ast
import gc
import json
import subprocess
import sys
from pathlib import Path

import pytest

import flask_bastion
from flask_bastion.audit.engine import AuditOptions, run_audit

BASTION = Path(sys.executable).parent / "bastion"
VULNERABLE = "from flask import Flask\napp = Flask(__name__)\napp.run(debug=True)\n"
CLEAN = "def add(a, b):\n    return a + b\n"


def _bastion(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(BASTION), *args], capture_output=True, text=True, timeout=120, check=False
    )


@pytest.mark.skipif(not BASTION.exists(), reason="the bastion console script is not installed")
@pytest.mark.parametrize(
    ("source", "code"),
    [
        pytest.param(VULNERABLE, 1, id="findings-exit-1"),
        pytest.param(CLEAN, 0, id="clean-exit-0"),
    ],
)
def test_console_script_writes_the_whole_report_and_its_exit_code(
    tmp_path: Path, source: str, code: int
) -> None:
    (tmp_path / "app.py").write_text(source)
    proc = _bastion("audit", str(tmp_path), "--no-cache", "--format", "json")
    assert proc.returncode == code, proc.stderr
    findings = json.loads(proc.stdout)["findings"]  # piped stdout was flushed in full
    assert ("FB100" in {f["rule_id"] for f in findings}) is bool(code)
    assert bool(findings) is bool(code)


@pytest.mark.skipif(not BASTION.exists(), reason="the bastion console script is not installed")
def test_console_script_usage_error_is_exit_2(tmp_path: Path) -> None:
    proc = _bastion("audit", str(tmp_path / "missing"))
    assert proc.returncode == 2
    assert "does not exist" in proc.stderr


def test_static_audit_does_not_import_the_guard() -> None:
    probe = (
        "import sys\n"
        "from flask_bastion.audit.engine import run_audit\n"
        "from flask_bastion.audit.registry import load_rules\n"
        "from flask_bastion.audit import report\n"
        "load_rules(live=False)\n"
        "print(sorted(m for m in sys.modules if m.startswith('flask_bastion.mitigations')"
        " or m.startswith('flask_bastion.audit.live') or m == 'redis'))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=60
    ).stdout
    assert out.strip() == "[]"


def test_bastion_audit_imports_neither_flask_nor_the_guard(tmp_path: Path) -> None:
    (tmp_path / "app.py").write_text(VULNERABLE)
    probe = (
        "import sys\n"
        "from flask_bastion.cli import main\n"
        f"sys.argv = ['bastion', 'audit', {str(tmp_path)!r}, '--no-cache', '--format', 'json']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print(sorted(m for m in ('flask', 'redis', 'flask_bastion.mitigations') if m in sys.modules))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=60
    ).stdout
    assert out.strip().splitlines()[-1] == "[]"


def test_flask_group_is_built_on_first_use_with_every_command() -> None:
    from flask_bastion import cli

    assert sorted(cli.flask_group.commands) == ["audit", "check", "keygen", "routes"]
    assert cli.flask_group is cli.flask_group  # built once


def _type_checking_imports() -> dict[str, str]:
    tree = ast.parse(Path(flask_bastion.__file__).read_text())
    block = next(n for n in tree.body if isinstance(n, ast.If))
    return {
        alias.asname or alias.name: "." * node.level + (node.module or "")
        for node in block.body
        if isinstance(node, ast.ImportFrom)
        for alias in node.names
    }


def test_lazy_exports_match_the_typed_imports() -> None:
    assert _type_checking_imports() == flask_bastion._EXPORTS


@pytest.mark.parametrize("name", sorted(flask_bastion._EXPORTS))
def test_every_public_name_resolves(name: str) -> None:
    assert getattr(flask_bastion, name) is not None
    assert name in dir(flask_bastion)


def test_unknown_package_attribute_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no attribute 'Nope'"):
        flask_bastion.Nope


@pytest.mark.parametrize("enabled", [pytest.param(True, id="on"), pytest.param(False, id="off")])
def test_run_restores_the_collector_state(tmp_path: Path, enabled: bool) -> None:
    (tmp_path / "app.py").write_text(VULNERABLE)
    was = gc.isenabled()
    try:
        gc.enable() if enabled else gc.disable()
        result = run_audit([tmp_path], AuditOptions(cache=False))
        assert gc.isenabled() is enabled
    finally:
        gc.enable() if was else gc.disable()
    assert "FB100" in {f.rule_id for f in result.findings}
