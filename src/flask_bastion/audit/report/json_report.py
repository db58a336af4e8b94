"""The machine-readable report, schema version 1.

The schema is ``assets/report-v1.schema.json`` (shipped with the package);
:data:`SCHEMA_VERSION` changes only on an incompatible change, and fields
may be added within a version. Keys are sorted and lists are in a fixed
order so two runs over the same tree diff cleanly.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from importlib.resources import files
from typing import Any

from ..finding import AuditResult, Evidence, Finding, Location, Probe, Severity
from ..registry import Rule
from . import _common as c

SCHEMA_VERSION = 1


def schema() -> dict[str, Any]:
    """The JSON Schema that every report of :data:`SCHEMA_VERSION` validates against."""
    asset = files("flask_bastion.audit.report").joinpath("assets/report-v1.schema.json")
    loaded: dict[str, Any] = json.loads(asset.read_text(encoding="utf-8"))
    return loaded


def render(result: AuditResult, rules: Mapping[str, Rule]) -> str:
    return json.dumps(as_dict(result, rules), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def as_dict(result: AuditResult, rules: Mapping[str, Rule]) -> dict[str, Any]:
    grouped = c.group(result)
    findings = result.sorted_findings()
    by_severity = {c.severity_label(s): 0 for s in Severity}
    for f in findings:
        by_severity[c.severity_label(f.severity)] += 1
    return {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "flask-bastion", "version": result.tool_version},
        "root": result.root,
        "summary": {
            "findings": len(findings),
            "by_severity": by_severity,
            "suppressed": result.suppressed,
            "entries": {s.value: n for s, n in c.status_counts(grouped.verdicts).items()},
        },
        "stats": {
            "files_scanned": result.files_scanned,
            "lines_scanned": result.lines_scanned,
            "duration_seconds": round(result.duration_seconds, 3),
            "parsers": dict(sorted(result.parsers.items())),
        },
        "findings": [_finding(f, rules) for f in findings],
        "verdicts": [
            {
                "mitigation": v.entry.id,
                "title": v.entry.title,
                "status": v.status.value,
                "severity": c.severity_label(v.entry.severity),
                "findings": [f.fingerprint for f in v.findings],
                "evidence": len(v.evidence),
            }
            for v in grouped.verdicts
        ],
        "evidence": [_evidence(e) for e in c.sorted_evidence(result)],
        "diagnostics": [
            {"code": d.code, "message": d.message, "path": d.path, "line": d.line}
            for d in c.sorted_diagnostics(result)
        ],
    }


def _location(loc: Location | None) -> dict[str, Any]:
    if loc is None:
        return dict.fromkeys(("path", "line", "column", "end_line", "end_column"))
    return {
        "path": loc.path,
        "line": loc.line,
        "column": loc.column,
        "end_line": loc.end_line,
        "end_column": loc.end_column,
    }


def _probe(probe: Probe | None) -> dict[str, Any] | None:
    if probe is None:
        return None
    return {
        "method": probe.method,
        "url": probe.url,
        "status": probe.status,
        "headers": [{"name": n, "value": v} for n, v in probe.headers],
        "note": probe.note,
    }


def _finding(f: Finding, rules: Mapping[str, Rule]) -> dict[str, Any]:
    info = c.info_for(f, rules)
    return {
        "rule_id": f.rule_id,
        "rule_name": f.rule_name,
        "rule_title": info.title,
        "help_uri": info.help_uri,
        "mitigation": f.mitigation,
        "severity": c.severity_label(f.severity),
        "confidence": f.confidence.name.lower(),
        "cwe": list(f.cwe),
        "kind": f.kind,
        **_location(f.location),
        "message": f.message,
        "fix": f.fix,
        "snippet": f.snippet,
        "trace": [
            {
                "path": step.location.path,
                "line": step.location.line,
                "column": step.location.column,
                "expression": step.expression,
                "note": step.note,
            }
            for step in f.trace
        ],
        "probe": _probe(f.probe),
        "fingerprint": f.fingerprint,
    }


def _evidence(e: Evidence) -> dict[str, Any]:
    return {
        "mitigation": e.mitigation,
        "message": e.message,
        **_location(e.location),
        "probe": _probe(e.probe),
    }
