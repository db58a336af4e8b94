"""Every format, byte for byte, from one hand-made result.

Regenerate after an intended change with ``BASTION_UPDATE_GOLDEN=1
.venv/bin/pytest tests/audit/report -q`` and review the diff like code.
"""

from __future__ import annotations

import os
import random
from pathlib import Path

import pytest
from report_sample import SAMPLE_RULES, sample_result

from flask_bastion.audit.report import render

GOLDEN = Path(__file__).parents[1] / "golden"

CASES = [
    pytest.param("text", False, "report.txt", id="text"),
    pytest.param("text", True, "report.ansi.txt", id="text-color"),
    pytest.param("json", False, "report.json", id="json"),
    pytest.param("sarif", False, "report.sarif", id="sarif"),
    pytest.param("html", False, "report.html", id="html"),
    pytest.param("markdown", False, "report.md", id="markdown"),
]


@pytest.mark.usefixtures("frozen_catalogue")
@pytest.mark.parametrize(("fmt", "color", "name"), CASES)
def test_matches_golden_file(fmt: str, color: bool, name: str) -> None:
    output = render(sample_result(), fmt, color=color, rules=SAMPLE_RULES)
    golden = GOLDEN / name
    if os.environ.get("BASTION_UPDATE_GOLDEN") == "1":
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(output, encoding="utf-8", newline="")
    assert golden.exists(), f"{golden} missing: run with BASTION_UPDATE_GOLDEN=1"
    expected = golden.read_text(encoding="utf-8")
    assert output == expected, (
        f"{fmt} output differs from {golden.name}; if the change is intended, "
        "regenerate with BASTION_UPDATE_GOLDEN=1 and review the diff"
    )


@pytest.mark.usefixtures("frozen_catalogue")
def test_colour_output_ignores_the_terminal_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """NO_COLOR, TERM and COLUMNS are the caller's to honour; the bytes stay the same."""
    expected = render(sample_result(), "text", color=True, rules=SAMPLE_RULES)
    for name, value in {
        "NO_COLOR": "1",
        "TERM": "dumb",
        "COLUMNS": "40",
        "FORCE_COLOR": "0",
    }.items():
        monkeypatch.setenv(name, value)
    assert render(sample_result(), "text", color=True, rules=SAMPLE_RULES) == expected


@pytest.mark.usefixtures("frozen_catalogue")
@pytest.mark.parametrize(("fmt", "color", "name"), CASES)
def test_output_ignores_the_order_results_arrived_in(fmt: str, color: bool, name: str) -> None:
    """Workers finish in any order; the report must not show it."""
    shuffled = sample_result()
    for items in (shuffled.findings, shuffled.evidence, shuffled.diagnostics):
        random.Random(4).shuffle(items)
        items.reverse()
    assert shuffled.findings != sample_result().findings
    assert render(shuffled, fmt, color=color, rules=SAMPLE_RULES) == render(
        sample_result(), fmt, color=color, rules=SAMPLE_RULES
    )
