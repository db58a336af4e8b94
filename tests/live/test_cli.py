"""``bastion check`` and ``flask bastion check``: output and exit codes 0 / 1 / 2."""

from __future__ import annotations

import json
import secrets
from pathlib import Path

import pytest
from click.testing import CliRunner
from flask.cli import FlaskGroup, ScriptInfo

from flask_bastion.cli import main

from . import apps
from .conftest import Serve


@pytest.fixture()
def project(tmp_path: Path) -> tuple[Path, str]:
    """A folder with a uniquely named module exposing ``insecure``, ``guarded`` and a factory."""
    name = f"proj_{secrets.token_hex(4)}"
    (tmp_path / f"{name}.py").write_text(
        "from live.apps import guarded_app, insecure_app\n"
        "insecure = insecure_app()\n"
        "guarded = guarded_app()\n"
        "def create_app(profile='production'):\n"
        "    return guarded_app(profile)\n"
    )
    return tmp_path, name


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["check", *args], catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_insecure_app_exits_1_and_says_it_imports(project: tuple[Path, str]) -> None:
    root, name = project
    code, out, err = run("--app", f"{name}:insecure", "--root", str(root))
    assert code == 1
    assert "this runs the project's code" in err
    assert "FB381" in out and "live-cross-site-request-accepted" in out


def test_guarded_app_exits_0(project: tuple[Path, str]) -> None:
    root, name = project
    code, out, _ = run("--app", f"{name}:create_app()", "--root", str(root))
    assert code == 0, out


def test_fail_on_threshold_and_selection(project: tuple[Path, str]) -> None:
    root, name = project
    app = f"{name}:create_app('testing')"
    assert run("--app", app, "--root", str(root))[0] == 1  # FB184 is high
    assert run("--app", app, "--root", str(root), "--fail-on", "critical")[0] == 0
    assert run("--app", app, "--root", str(root), "--ignore", "FB184,FB281,FB782")[0] == 0


def test_json_report_and_route_table(project: tuple[Path, str], tmp_path: Path) -> None:
    root, name = project
    out_file = tmp_path / "report.json"
    code, out, _ = run(
        "--app", f"{name}:insecure", "--root", str(root), "--format", "json",
        "-o", str(out_file), "--routes",
    )  # fmt: skip
    assert code == 1
    data = json.loads(out_file.read_text())
    assert "FB880" in json.dumps(data)
    assert "/admin/users" in out and "SENSITIVE & PUBLIC" in out
    assert "Extensions: none" in out


@pytest.mark.parametrize(
    "args",
    [
        pytest.param([], id="neither-app-nor-url"),
        pytest.param(["--app", "x:app", "--url", "http://127.0.0.1/"], id="both"),
        pytest.param(["--app", "no_such_module_here:app"], id="import-fails"),
        pytest.param(["--url", "ftp://127.0.0.1/"], id="not-http"),
    ],
)
def test_usage_and_load_errors_exit_2(args: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("FLASK_APP", raising=False)
    assert run(*args)[0] == 2


def test_unreachable_url_exits_2_with_the_reason(closed_port_url: str) -> None:
    code, out, _ = run("--url", closed_port_url, "--timeout", "1")
    assert code == 2
    assert "connection refused" in out


def test_url_with_findings_exits_1(serve: Serve) -> None:
    url = serve(apps.insecure_app())
    code, out, _ = run("--url", url + "/")
    assert code == 1
    assert "FB981" in out


def test_flask_bastion_check_uses_the_loaded_app() -> None:
    cli = FlaskGroup(create_app=lambda: apps.guarded_app("testing"))
    info = ScriptInfo(create_app=lambda: apps.guarded_app("testing"))
    result = CliRunner().invoke(cli, ["bastion", "check", "--format", "json"], obj=info)
    assert result.exit_code == 1, result.output
    assert "FB184" in result.stdout
