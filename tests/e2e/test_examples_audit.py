"""The auditor on both example apps: nothing missing in the vault, every flaw in the twin."""

from __future__ import annotations

import re
import secrets
import sys
from pathlib import Path

import pytest

from flask_bastion.audit.engine import run_audit
from flask_bastion.audit.finding import Status

ROOT = Path(__file__).resolve().parents[2]
VAULT = ROOT / "examples" / "vault"
VULNERABLE = ROOT / "examples" / "vulnerable"
MARKER = re.compile(r"expect:\s*(FB\d{3}(?:\s*,\s*FB\d{3})*)")


def markers(root: Path) -> set[tuple[str, int, str]]:
    expected = set()
    for path in root.rglob("*"):
        if not path.is_file() or "__pycache__" in path.parts:
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        for number, line in enumerate(text.splitlines(), start=1):
            for match in MARKER.finditer(line):
                for rule_id in re.split(r"\s*,\s*", match.group(1)):
                    expected.add((path.relative_to(root).as_posix(), number, rule_id))
    return expected


def found(root: Path) -> set[tuple[str, int, str]]:
    result = run_audit([root])
    return {
        (f.location.path, f.location.line, f.rule_id)
        for f in result.findings
        if f.location is not None
    }


def test_twin_findings_equal_its_markers() -> None:
    expected, got = markers(VULNERABLE), found(VULNERABLE)
    assert expected, "the twin carries # expect: markers"
    assert sorted(got - expected) == [], "reported but not marked"
    assert sorted(expected - got) == [], "marked but not reported"


def test_twin_violates_every_entry_it_claims() -> None:
    result = run_audit([VULNERABLE])
    # PARTIAL: something is in place (an error handler) but broken (it leaks).
    missing = {
        v.entry.id for v in result.verdicts() if v.status in (Status.MISSING, Status.PARTIAL)
    }
    for entry in (
        "M01",
        "M03",
        "M05",
        "M06",
        "M07",
        "M08",
        "M09",
        "M10",
        "M11",
        "M12",
        "M13",
        "M14",
        "M15",
        "M16",
        "M17",
        "M18",
        "M20",
        "M21",
        "M22",
    ):
        assert entry in missing, entry


def test_vault_has_no_missing_mitigation() -> None:
    result = run_audit([VAULT])
    assert [(f.rule_id, str(f.location), f.message) for f in result.findings] == []
    statuses = {v.entry.id: v.status for v in result.verdicts()}
    assert not [e for e, s in statuses.items() if s in (Status.MISSING, Status.PARTIAL)]
    # Every entry is shown in place, with evidence: none is left undetermined.
    assert {e: s for e, s in statuses.items() if s is not Status.IMPLEMENTED} == {}


def test_vault_live_check_finds_nothing_missing(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from flask_bastion.audit.live import run_app_checks

    monkeypatch.syspath_prepend(str(VAULT))
    monkeypatch.setenv("SECRET_KEY", secrets.token_urlsafe(48))
    monkeypatch.setenv("BASTION_TRUSTED_HOSTS", "vault.example")
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'vault.sqlite3'}")
    for name in [m for m in sys.modules if m == "vault" or m.startswith("vault.")]:
        monkeypatch.delitem(sys.modules, name)
    result = run_app_checks("vault:create_app()", root=str(VAULT))
    assert [(f.rule_id, f.message) for f in result.findings] == []
