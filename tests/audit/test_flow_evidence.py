"""Data-flow rules also say when their mitigation is in place (evidence, not silence)."""

from __future__ import annotations

from pathlib import Path

import pytest

from flask_bastion.audit.engine import AuditOptions, run_audit

FILES_ONLY = """
from flask import Flask, render_template
app = Flask(__name__)

@app.get("/")
def home():
    return render_template("home.html")
"""
CONSTANT_STRING = """
from flask import Flask, render_template_string, request
app = Flask(__name__)

@app.get("/")
def home():
    return render_template_string("<p>{{ q }}</p>", q=request.args.get("q"))
"""
NO_TEMPLATES = """
from flask import Flask, jsonify
app = Flask(__name__)

@app.get("/")
def home():
    return jsonify(ok=True)
"""


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        pytest.param(FILES_ONLY, ["templates are files"], id="render-template-only"),
        pytest.param(CONSTANT_STRING, ["no request data reaches template source"], id="constant"),
        pytest.param(NO_TEMPLATES, [], id="no-templates-at-all"),
    ],
)
def test_ssti_evidence(tmp_path: Path, source: str, expected: list[str]) -> None:
    (tmp_path / "app.py").write_text(source)
    result = run_audit([tmp_path], AuditOptions(select=("FB402",), cache=False))
    assert result.findings == []
    messages = [e.message for e in result.evidence if e.mitigation == "M14"]
    assert [m for m in messages if any(m.startswith(x) for x in expected)] == messages
    assert len(messages) == len(expected)
