"""Every rule against its ``cases/<rule id>/`` folder, compared as sets.

Each ``*_app`` sub-folder of a case folder is audited as its own project (so a
project rule sees one app at a time); everything else in the folder is audited
together. Markers: ``# expect: FB203`` (``{# expect: FB451 #}`` in Jinja) on each line
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


def projects(folder: Path) -> list[tuple[Path, tuple[str, ...]]]:
    """What to audit: each ``*_app`` sub-folder alone (project rules then see one app),
    and the rest of the folder together, as ``(path, excludes)``."""
    apps = sorted(p for p in folder.iterdir() if p.is_dir() and p.name.endswith("_app"))
    runs = [(p, ()) for p in apps]
    rest = [p for p in folder.iterdir() if p not in apps]
    if rest:
        runs.append((folder, tuple(p.name for p in apps)))
    return runs


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
    return sorted(
        p.name for p in CASES.iterdir() if p.is_dir() and re.fullmatch(r"FB\d{3}", p.name)
    )


@pytest.mark.parametrize("rule_id", [pytest.param(r, id=r) for r in case_ids()])
def test_rule_matches_its_cases(rule_id: str) -> None:
    folder = CASES / rule_id
    got: set[tuple[str, int, str]] = set()
    for path, excludes in projects(folder):
        options = AuditOptions(
            select=(rule_id,), cache=False, use_pyproject=False, exclude=excludes
        )
        result = run_audit([path], options)
        crashes = [d for d in result.diagnostics if d.code in ("FB001", "FB007")]
        assert not crashes, crashes
        for f in result.findings:
            if f.location is not None and f.rule_id == rule_id:
                rel = (Path(result.root) / f.location.path).relative_to(folder).as_posix()
                got.add((rel, f.location.line, f.rule_id))
    want = expectations(folder, rule_id)
    missed = sorted(want - got)
    extra = sorted(got - want)
    assert not missed and not extra, (
        f"\n{rule_id}: missed (expected, not reported): {missed}"
        f"\n{rule_id}: extra (reported, not expected): {extra}"
    )
