"""Test suites are left out of the audit by default, and the skip is reported."""

from __future__ import annotations

from pathlib import Path

import pytest

from flask_bastion.audit.engine import run_audit
from flask_bastion.audit.walk import is_test_code, walk

APP = "from flask import Flask\napp = Flask(__name__)\napp.run(debug=True)\n"


@pytest.fixture()
def tree(tmp_path: Path) -> Path:
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "conftest.py").write_text("import pytest\n" + APP)
    (tmp_path / "tests" / "test_views.py").write_text(APP + "def test_home():\n    pass\n")
    (tmp_path / "tests" / "sample_app.py").write_text(APP)
    (tmp_path / "test_helpers.py").write_text(APP)  # a test-like name, but no test in it
    (tmp_path / "app.py").write_text(APP)
    return tmp_path


@pytest.mark.parametrize(
    ("rel", "expected"),
    [
        pytest.param("tests/conftest.py", True, id="conftest"),
        pytest.param("tests/test_views.py", True, id="pytest-module"),
        pytest.param("tests/sample_app.py", False, id="app-in-tests-folder"),
        pytest.param("test_helpers.py", False, id="test-name-without-tests"),
        pytest.param("app.py", False, id="app"),
    ],
)
def test_what_counts_as_test_code(tree: Path, rel: str, expected: bool) -> None:
    assert is_test_code(tree / rel, rel) is expected


def test_walk_leaves_tests_out_and_says_so(tree: Path) -> None:
    diagnostics: list = []
    _, files = walk([tree], diagnostics=diagnostics)
    assert sorted(f.relpath for f in files) == ["app.py", "test_helpers.py", "tests/sample_app.py"]
    assert [d.code for d in diagnostics] == ["FB009"]
    assert "2 test file(s)" in diagnostics[0].message


def test_walk_can_include_tests(tree: Path) -> None:
    diagnostics: list = []
    _, files = walk([tree], diagnostics=diagnostics, include_tests=True)
    assert len(files) == 5 and diagnostics == []


def test_audit_reports_the_app_not_its_tests(tree: Path) -> None:
    result = run_audit([tree])
    assert "tests/test_views.py" not in {f.location.path for f in result.findings}
    assert "app.py" in {f.location.path for f in result.findings if f.rule_id == "FB100"}
    assert [d.code for d in result.diagnostics] == ["FB009"]


def test_include_tests_from_the_command_line_and_pyproject(tree: Path) -> None:
    import json

    from click.testing import CliRunner

    from flask_bastion.audit.engine import AuditOptions
    from flask_bastion.cli import main

    def diagnostics(*args: str) -> list[str]:
        out = CliRunner().invoke(
            main, ["audit", str(tree), "--format", "json", "--no-cache", *args]
        )
        assert out.exit_code == 1, out.output
        return [d["code"] for d in json.loads(out.output)["diagnostics"]]

    assert diagnostics() == ["FB009"]
    assert diagnostics("--include-tests") == []
    default = run_audit([tree], AuditOptions(cache=False))
    (tree / "pyproject.toml").write_text("[tool.bastion]\ninclude-tests = true\n")
    configured = run_audit([tree], AuditOptions(cache=False))
    assert configured.diagnostics == []
    assert sum(configured.parsers.values()) == sum(default.parsers.values()) + 2
