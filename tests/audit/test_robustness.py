"""Bad input never stops a run: each becomes a diagnostic (FB0xx), the rest is audited."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from flask_bastion.audit import engine, read
from flask_bastion.audit.engine import AuditOptions, run_audit

OPTIONS = AuditOptions(cache=False, use_pyproject=False)
GOOD = 'from flask import Flask\napp = Flask(__name__)\napp.secret_key = "changeme"\n'


def audit(tmp_path: Path, **options: object) -> engine.AuditResult:
    from dataclasses import replace

    return run_audit([tmp_path], replace(OPTIONS, **options))  # type: ignore[arg-type]


def codes(result: engine.AuditResult) -> dict[str, str]:
    return {d.path: d.code for d in result.diagnostics}


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        pytest.param("py2.py", b'print "hello"\n', "FB001", id="python2-print"),
        pytest.param("broken.py", b"def f(:\n    pass\n", "FB001", id="syntax-error"),
        pytest.param("tabs.py", b"if True:\n\tx = 1\n        y = 2\n", "FB001", id="tabs-spaces"),
        pytest.param("latin.py", "x = 'caf\u00e9'\n".encode("latin-1"), "FB002", id="not-utf8"),
        pytest.param("blob.py", b"\x00\x01\x02binary", "FB002", id="binary"),
        pytest.param("templates/bad.html", b"{% if x %}never closed", "FB004", id="template"),
    ],
)
def test_bad_file_is_a_diagnostic_and_the_run_goes_on(
    tmp_path: Path, name: str, content: bytes, code: str
) -> None:
    (tmp_path / "app.py").write_text(GOOD)
    target = tmp_path / name
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(content)
    result = audit(tmp_path)
    assert codes(result).get(name) == code
    assert any(f.rule_id == "FB111" and f.location.path == "app.py" for f in result.findings)


def test_syntax_error_diagnostic_has_the_line(tmp_path: Path) -> None:
    (tmp_path / "broken.py").write_text("x = 1\ny = (\n")
    (diag,) = audit(tmp_path).diagnostics
    assert diag.code == "FB001" and diag.line is not None


def test_coding_cookie_is_respected(tmp_path: Path) -> None:
    source = '# -*- coding: latin-1 -*-\nfrom flask import Flask\napp = Flask(__name__)\napp.secret_key = "caf\u00e9"\n'
    (tmp_path / "app.py").write_bytes(source.encode("latin-1"))
    result = audit(tmp_path)
    assert not result.diagnostics
    assert [f.rule_id for f in result.findings if f.rule_id.startswith("FB11")] == ["FB111"]


def test_huge_file_is_skipped_with_fb003(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(read, "MAX_FILE_BYTES", 1024)
    (tmp_path / "big.py").write_text("x = 1\n" * 1000)
    (tmp_path / "app.py").write_text(GOOD)
    result = audit(tmp_path)
    assert codes(result) == {"big.py": "FB003"}
    assert any(f.rule_id == "FB111" for f in result.findings)


def test_symlink_loop_and_dangling_link(tmp_path: Path) -> None:
    (tmp_path / "app.py").write_text(GOOD)
    (tmp_path / "pkg").mkdir()
    os.symlink(tmp_path, tmp_path / "pkg" / "loop")  # a directory loop: never followed
    os.symlink(tmp_path / "missing.py", tmp_path / "dangling.py")
    os.symlink(tmp_path / "self.py", tmp_path / "self.py")
    result = audit(tmp_path)
    assert codes(result) == {"dangling.py": "FB005", "pkg/loop": "FB005", "self.py": "FB005"}
    assert any(f.rule_id == "FB111" for f in result.findings)


def test_skipped_directories_and_gitignore(tmp_path: Path) -> None:
    for folder in (".venv", "node_modules", "build", ".git", "site-packages", "generated"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "app.py").write_text(GOOD)
    (tmp_path / ".gitignore").write_text("generated/\n")
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / ".gitignore").write_text("local_*.py\n")
    (tmp_path / "pkg" / "local_settings.py").write_text(GOOD)
    (tmp_path / "app.py").write_text(GOOD)
    result = audit(tmp_path)
    assert {f.location.path for f in result.findings if f.location} == {"app.py"}
    excluded = audit(tmp_path, exclude=("app.py",))
    assert not excluded.findings


NEW_SYNTAX = """\
from flask import Flask, request

app = Flask(__name__)
type UserId = int


def first[T](items: list[T]) -> T:
    return items[0]


class Box[T]:
    item: T


@app.get("/hello")
def hello():
    names = ["a", "b"]
    greeting = f"Hello {", ".join(names)} and {request.args["who"]}"
    match request.args.get("mode"):
        case "x":
            pass
    try:
        pass
    except* ValueError:
        pass
    return greeting


app.secret_key = "changeme"
if __name__ == "__main__":
    app.run(debug=True)
"""


def test_python_313_syntax_is_audited_whatever_the_interpreter(tmp_path: Path) -> None:
    (tmp_path / "app.py").write_text(NEW_SYNTAX)
    result = audit(tmp_path)
    assert not result.diagnostics
    assert sum(result.parsers.values()) == 1
    found = {(f.rule_id, f.location.line) for f in result.findings if f.location}
    assert ("FB111", 29) in found
    assert ("FB100", 31) in found


def test_downlevel_keeps_fstring_shape() -> None:
    import ast

    from flask_bastion.audit.parse.python import PARSER_AST, PARSER_DOWNLEVEL, parse_python

    parsed = parse_python(b'q = f"SELECT {", ".join(cols)} FROM t WHERE id = {ids["x"]!r:>4}"\n')
    # PEP 701 is native from 3.12 on; older interpreters go through libcst.
    assert parsed.parser == (PARSER_AST if sys.version_info >= (3, 12) else PARSER_DOWNLEVEL)
    assert parsed.tree is not None
    value = parsed.tree.body[0].value  # type: ignore[attr-defined]
    assert isinstance(value, ast.JoinedStr)
    fields = [v for v in value.values if isinstance(v, ast.FormattedValue)]
    assert [f.conversion for f in fields] == [-1, ord("r")]


def test_crashing_rule_becomes_fb007(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from flask_bastion.audit.registry import REGISTRY, load_rules

    load_rules()
    rule = REGISTRY["FB110"]

    def boom(ctx: object) -> list[object]:
        raise RuntimeError("rule bug")

    monkeypatch.setitem(REGISTRY, "FB110", type(rule)(**{**rule.__dict__, "check": boom}))
    (tmp_path / "app.py").write_text(GOOD)
    result = audit(tmp_path, select=("FB110", "FB111"))
    assert [d.code for d in result.diagnostics] == ["FB007"]
    assert [f.rule_id for f in result.findings] == ["FB111"]


def test_deeply_nested_expression_is_a_diagnostic(tmp_path: Path) -> None:
    (tmp_path / "deep.py").write_text("x = " + "(" * 5000 + "1" + ")" * 5000 + "\n")
    (tmp_path / "app.py").write_text(GOOD)
    result = audit(tmp_path)
    assert codes(result) == {"deep.py": "FB001"}
    assert any(f.rule_id == "FB111" for f in result.findings)
