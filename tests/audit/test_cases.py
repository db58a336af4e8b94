"""Every rule against its ``cases/<rule id>/`` folder, compared as sets.

Markers: ``# expect: FB203`` (``{# expect: FB451 #}`` in Jinja) on each line
that must be flagged; ``# known-fp: FBnnn why`` marks a documented false
positive (expected, so the suite stays honest about it); ``# known-miss:
FBnnn why`` a documented miss (not expected). A miss and an extra both fail.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from flask_bastion.audit.engine import AuditOptions, run_audit

CASES = Path(__file__).parent / "cases"
MARKER = re.compile(r"(expect|known-fp|known-miss):\s*(FB\d{3}(?:\s*,\s*FB\d{3})*)")


def expectations(folder: Path, rule_id: str) -> set[tuple[str, int, str]]:
    out: set[tuple[str, int, str]] = set()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        try:
            text = path.read_text(encoding="utf-8")
        except (UnicodeDecodeError, OSError):
            continue
        rel = path.relative_to(folder).as_posix()
        for number, line in enumerate(text.splitlines(), 1):
            for kind, ids in MARKER.findall(line):
                if kind == "known-miss":
                    continue
                for rid in re.findall(r"FB\d{3}", ids):
                    if rid == rule_id:
                        out.add((rel, number, rid))
    return out


def case_ids() -> list[str]:
    return sorted(p.name for p in CASES.iterdir() if p.is_dir() and re.fullmatch(r"FB\d{3}", p.name))


@pytest.mark.parametrize("rule_id", [pytest.param(r, id=r) for r in case_ids()])
def test_rule_matches_its_cases(rule_id: str) -> None:
    folder = CASES / rule_id
    result = run_audit([folder], AuditOptions(select=(rule_id,), cache=False, use_pyproject=False))
    got = {
        (f.location.path, f.location.line, f.rule_id)
        for f in result.findings
        if f.location is not None and f.rule_id == rule_id
    }
    want = expectations(folder, rule_id)
    crashes = [d for d in result.diagnostics if d.code == "FB007"]
    assert not crashes, crashes
    missed = sorted(want - got)
    extra = sorted(got - want)
    assert not missed and not extra, (
        f"\n{rule_id}: missed (expected, not reported): {missed}"
        f"\n{rule_id}: extra (reported, not expected): {extra}"
    )
