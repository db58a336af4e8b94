"""SARIF 2.1.0 for GitHub code scanning and every SARIF viewer.

What GitHub reads, and where we put it:

- ``tool.driver.rules[]``: one entry per rule id that has a finding, with
  the rule's documentation as ``help.text`` / ``help.markdown``, ``helpUri``
  pointing at its generated docs page, ``properties.tags`` (``security``,
  ``external/cwe/cwe-NNN``), ``properties.security-severity`` (GitHub's
  severity score), ``properties.precision`` (from the confidence) and
  ``properties.mitigation`` (the catalogue entry, e.g. ``"M06"``).
- ``results[]``: relative URIs under ``uriBaseId: "%SRCROOT%"`` with a
  region; ``partialFingerprints["flaskBastion/v1"]`` is the finding's
  fingerprint (what baselines key on); ``codeFlows`` carry the trace.
- Live findings without a file location: GitHub rejects a result without a
  location, so one is made from the probe. Over HTTP the probed URL is the
  artifact (``artifactLocation.uri`` is the URL, no ``uriBaseId``, region
  line 1) with a logical location of kind ``resource`` naming ``METHOD
  URL``. For an imported app (``module:app``, no ``://``) the artifact is
  the module's file as seen from the project root (``pkg/app.py`` under
  ``%SRCROOT%``, line 1) with a ``module`` logical location. When the live
  check knows the exact file and line it sets ``Finding.location`` and the
  finding renders like a static one, with the probe in ``properties.probe``.
- Auditor diagnostics (FB0xx) are ``invocations[0].toolExecutionNotifications``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any
from urllib.parse import quote

from ..finding import AuditResult, Confidence, Diagnostic, Finding, Location, Probe, Severity
from ..registry import Rule
from . import _common as c

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
FINGERPRINT_KEY = "flaskBastion/v1"
_URL_SAFE = "/:?&=#%@+,;~!$'()*[]"
"""Characters kept as they are in a probed URL: its structure, and escapes already made."""

_LEVEL = {
    Severity.CRITICAL: "error",
    Severity.HIGH: "error",
    Severity.MEDIUM: "warning",
    Severity.LOW: "note",
}
_PRECISION = {Confidence.HIGH: "high", Confidence.MEDIUM: "medium", Confidence.LOW: "low"}


def render(result: AuditResult, rules: Mapping[str, Rule]) -> str:
    return json.dumps(as_dict(result, rules), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def as_dict(result: AuditResult, rules: Mapping[str, Rule]) -> dict[str, Any]:
    used = c.rules_used(result, rules)
    index = {info.id: n for n, info in enumerate(used)}
    driver: dict[str, Any] = {
        "name": "Flask-Bastion",
        "informationUri": c.DOCS_BASE_URL,
        "rules": [_rule(info) for info in used],
    }
    if result.tool_version:
        driver["version"] = result.tool_version
        driver["semanticVersion"] = result.tool_version
    return {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {"driver": driver},
                "columnKind": "unicodeCodePoints",
                "invocations": [
                    {
                        "executionSuccessful": True,
                        "toolExecutionNotifications": [
                            _notification(d) for d in c.sorted_diagnostics(result)
                        ],
                    }
                ],
                "results": [_result(f, index[f.rule_id]) for f in result.sorted_findings()],
                "properties": {
                    "suppressed": result.suppressed,
                    "parsers": dict(sorted(result.parsers.items())),
                },
            }
        ],
    }


def _rule(info: c.RuleInfo) -> dict[str, Any]:
    what = c.first_paragraph(info.doc.get("What it does", "")) or info.title
    return {
        "id": info.id,
        "name": info.name,
        "shortDescription": {"text": info.title},
        "fullDescription": {"text": what},
        "help": {
            "text": c.doc_text(info),
            "markdown": f"**{info.title}** ({info.mitigation})\n\n{c.doc_markdown(info)}"
            f"\n\n**Fix:** {info.fix}",
        },
        "helpUri": info.help_uri,
        "defaultConfiguration": {"level": _LEVEL[info.severity]},
        "properties": {
            "tags": ["security", *(f"external/cwe/cwe-{n}" for n in info.cwe)],
            "security-severity": c.SECURITY_SEVERITY[info.severity],
            "precision": _PRECISION[info.confidence],
            "problem.severity": _problem_severity(info.severity),
            "mitigation": info.mitigation,
        },
    }


def _problem_severity(severity: Severity) -> str:
    return {"error": "error", "warning": "warning", "note": "recommendation"}[_LEVEL[severity]]


def _region(loc: Location, snippet: str | None = None) -> dict[str, Any]:
    region: dict[str, Any] = {"startLine": max(loc.line, 1)}
    if loc.column > 0:
        region["startColumn"] = loc.column
    if loc.end_line is not None and loc.end_line >= loc.line:
        region["endLine"] = loc.end_line
    if loc.end_column:
        region["endColumn"] = loc.end_column
    if snippet:
        region["snippet"] = {"text": snippet}
    return region


def _physical(loc: Location, snippet: str | None = None) -> dict[str, Any]:
    return {
        "physicalLocation": {
            "artifactLocation": {"uri": quote(loc.path, safe="/"), "uriBaseId": "%SRCROOT%"},
            "region": _region(loc, snippet),
        }
    }


def _live(probe: Probe) -> dict[str, Any]:
    if "://" not in probe.url:
        return _imported(probe)
    return {
        "physicalLocation": {
            "artifactLocation": {"uri": quote(probe.url, safe=_URL_SAFE)},
            "region": {"startLine": 1},
        },
        "logicalLocations": [
            {"kind": "resource", "fullyQualifiedName": f"{probe.method} {probe.url}"}
        ],
    }


def _imported(probe: Probe) -> dict[str, Any]:
    """An imported app (``module:app``): its module's file, as run from the project root."""
    module = probe.url.split(":", 1)[0].strip()
    path = module if module.endswith(".py") else module.replace(".", "/") + ".py"
    return {
        "physicalLocation": {
            "artifactLocation": {"uri": quote(path, safe="/"), "uriBaseId": "%SRCROOT%"},
            "region": {"startLine": 1},
        },
        "logicalLocations": [{"kind": "module", "fullyQualifiedName": probe.url}],
    }


def _probe_properties(probe: Probe) -> dict[str, Any]:
    return {
        "method": probe.method,
        "url": probe.url,
        "status": probe.status,
        "headers": [f"{n}: {v}" for n, v in probe.headers],
        "note": probe.note,
    }


def _result(f: Finding, rule_index: int) -> dict[str, Any]:
    if f.location is not None:
        location = _physical(f.location, f.snippet)
    elif f.probe is not None:
        location = _live(f.probe)
    else:
        location = {"logicalLocations": [{"kind": "module", "name": "(project)"}]}
    properties: dict[str, Any] = {
        "confidence": f.confidence.name.lower(),
        "mitigation": f.mitigation,
        "severity": c.severity_label(f.severity),
        "fix": f.fix,
    }
    if f.probe is not None:
        properties["probe"] = _probe_properties(f.probe)
    out: dict[str, Any] = {
        "ruleId": f.rule_id,
        "ruleIndex": rule_index,
        "level": _LEVEL[f.severity],
        "message": {"text": f"{f.message} Fix: {f.fix}"},
        "locations": [location],
        "partialFingerprints": {FINGERPRINT_KEY: f.fingerprint},
        "properties": properties,
    }
    if f.trace:
        out["codeFlows"] = [{"threadFlows": [{"locations": _flow(f)}]}]
    return out


def _flow(f: Finding) -> list[dict[str, Any]]:
    steps = []
    for n, step in enumerate(f.trace):
        text = step.expression + (f" ({step.note})" if step.note else "")
        location = _physical(step.location)
        location["message"] = {"text": text}
        steps.append({"location": location, "executionOrder": n})
    return steps


def _notification(d: Diagnostic) -> dict[str, Any]:
    out: dict[str, Any] = {
        "descriptor": {"id": d.code},
        "level": "warning",
        "message": {"text": d.message},
    }
    if d.path:
        out["locations"] = [_physical(Location(d.path, d.line or 1))]
    return out
