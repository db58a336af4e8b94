"""Each registered rule carries its paperwork (STYLE.md habit 5)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from flask_bastion import catalog
from flask_bastion.audit.registry import DOC_SECTIONS, RULE_ID, RULE_NAME, Rule, load_rules

CASES = Path(__file__).parent / "cases"
RULES = load_rules()


def _rules() -> list[Rule]:
    return sorted(RULES.values(), key=lambda r: r.id)


@pytest.mark.parametrize("rule", [pytest.param(r, id=r.id) for r in _rules()])
def test_rule_metadata(rule: Rule) -> None:
    assert RULE_ID.match(rule.id), rule.id
    assert RULE_NAME.match(rule.name), rule.name
    assert rule.title and len(rule.title) < 80
    assert rule.cwe and all(isinstance(c, int) and c > 0 for c in rule.cwe)
    assert rule.mitigation in catalog.load(), rule.mitigation
    assert rule.fix.strip()
    for section in DOC_SECTIONS:
        assert rule.doc.get(section, "").strip(), f"{rule.id}: missing doc section {section!r}"


@pytest.mark.parametrize(
    "rule", [pytest.param(r, id=r.id) for r in _rules() if r.scope.value != "live"]
)
def test_rule_has_cases(rule: Rule) -> None:
    folder = CASES / rule.id
    assert folder.is_dir(), f"{rule.id}: no tests/audit/cases/{rule.id}/ folder"
    files = [p for p in folder.rglob("*") if p.is_file()]
    texts = {p: p.read_text(encoding="utf-8", errors="replace") for p in files}
    assert any(re.search(rf"expect:.*{rule.id}", t) for t in texts.values()), (
        f"{rule.id}: no '# expect: {rule.id}' marker in its cases"
    )
    safe = [p for p, t in texts.items() if rule.id not in t]
    assert safe, f"{rule.id}: no safe file (one without any {rule.id} marker) in its cases"


def test_catalogue_rules_equal_registry() -> None:
    for entry in catalog.load().values():
        registered = sorted(r.id for r in RULES.values() if r.mitigation == entry.id)
        assert sorted(entry.rules) == registered, (
            f"{entry.id}: catalog.toml audit.rules {sorted(entry.rules)} != registry {registered}"
        )
