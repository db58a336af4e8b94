"""The reporters on what the real engine produces for the two example apps.

The golden tests pin the formats on a hand-made result; this one checks the
contract with the engine: whatever it fills in (columns, ends, snippets,
diagnostics, parsers), every format renders and the documents validate.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import pytest
from report_sample import validate_json, validate_sarif

from flask_bastion.audit.engine import AuditOptions, run_audit
from flask_bastion.audit.finding import AuditResult
from flask_bastion.audit.report import FORMATS, render

EXAMPLES = Path(__file__).parents[3] / "examples"


@cache
def _audit(name: str) -> AuditResult:
    return run_audit([EXAMPLES / name], AuditOptions(jobs=1, cache=False, progress=False))


@pytest.mark.parametrize("example", ["vulnerable", "vault"])
def test_every_format_renders_the_engine_result(example: str) -> None:
    result = _audit(example)
    outputs = {fmt: render(result, fmt) for fmt in FORMATS}
    validate_sarif(json.loads(outputs["sarif"]))
    validate_json(json.loads(outputs["json"]))
    for finding in result.findings:
        for fmt in ("text", "html", "markdown"):
            assert finding.rule_id in outputs[fmt], (fmt, finding.rule_id)
    sarif_results = json.loads(outputs["sarif"])["runs"][0]["results"]
    assert len(sarif_results) == len(result.findings)


def test_the_vulnerable_example_has_findings_to_show() -> None:
    """Guards the test above against passing on an empty result."""
    assert len(_audit("vulnerable").findings) >= 10
