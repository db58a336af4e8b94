"""What the user controls: ``[tool.bastion]``, inline suppressions, baselines, pip-audit.

Suppression syntax: ``# bastion: ignore[FB203] TLS ends at the proxy`` (in
Jinja ``{# bastion: ignore[FB451] reason #}``) on the flagged line, or alone
on the line right above it. It must name the rule(s) (ids or names,
comma-separated) and give a reason: a bare ``# bastion: ignore`` or one
without a reason suppresses nothing and is itself reported (FB006), so every
exception in the code is written down with its why.

A baseline is a JSON file of finding fingerprints (``--write-baseline``);
findings it lists are dropped (``--baseline``), so a legacy project can gate
only on new findings.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterable
from dataclasses import fields, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .finding import Confidence, Diagnostic, Finding, Severity

if TYPE_CHECKING:
    from .engine import AuditOptions
    from .project import Project

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

_IGNORE = re.compile(r"bastion:\s*ignore\b(?:\[([^\]]*)\])?(.*)")
BASELINE_VERSION = 1


def merge_pyproject(root: str, options: AuditOptions) -> AuditOptions:
    """Options with ``[tool.bastion]`` of *root*'s pyproject.toml as defaults.

    Explicit options (non-default values) win over the file; list keys
    (select, ignore, exclude) are combined.
    """
    table = read_tool_table(Path(root) / "pyproject.toml")
    if not table:
        return options
    changes: dict[str, Any] = {}
    for key in ("select", "ignore", "exclude"):
        value = table.get(key) or table.get(f"extend-{key}")
        if isinstance(value, list):
            changes[key] = tuple(getattr(options, key)) + tuple(str(v) for v in value)
    if "select" in changes and options.select:
        changes["select"] = options.select  # the command line narrows, the file does not widen
    if isinstance(table.get("severity"), str) and options.severity == Severity.LOW:
        changes["severity"] = Severity.parse(table["severity"])
    if isinstance(table.get("confidence"), str) and options.confidence == Confidence.LOW:
        changes["confidence"] = Confidence.parse(table["confidence"])
    if table.get("include-tests") is True:
        changes["include_tests"] = True
    if isinstance(table.get("baseline"), str) and options.baseline is None:
        changes["baseline"] = str(Path(root) / table["baseline"])
    known = {f.name for f in fields(options)}
    return replace(options, **{k: v for k, v in changes.items() if k in known})


def read_tool_table(path: Path) -> dict[str, Any]:
    """``[tool.bastion]`` of a pyproject file, ``{}`` when absent or broken."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    table = data.get("tool", {}).get("bastion", {})
    return table if isinstance(table, dict) else {}


class Suppressions:
    """Inline ``bastion: ignore[...]`` comments, read lazily per file."""

    def __init__(self, text_of: Callable[[str], str | None], diags: list[Diagnostic]) -> None:
        self._text_of = text_of
        self._diags = diags
        self._by_file: dict[str, dict[int, frozenset[str]]] = {}

    def suppresses(self, finding: Finding) -> bool:
        loc = finding.location
        if loc is None:
            return False
        marks = self._marks(loc.path)
        tokens = marks.get(loc.line, frozenset())
        return finding.rule_id in tokens or finding.rule_name in tokens

    def _marks(self, path: str) -> dict[int, frozenset[str]]:
        if path in self._by_file:
            return self._by_file[path]
        marks: dict[int, frozenset[str]] = {}
        text = self._text_of(path) or ""
        if "bastion:" in text:
            lines = text.splitlines()
            for number, line in enumerate(lines, 1):
                self._scan_line(path, number, line, lines, marks)
        self._by_file[path] = marks
        return marks

    def _scan_line(
        self, path: str, number: int, line: str, lines: list[str], marks: dict[int, frozenset[str]]
    ) -> None:
        match = _IGNORE.search(line)
        if match is None or "#" not in line[: match.start()]:
            return
        ids, reason = match.group(1), match.group(2)
        reason = reason.replace("#}", "").replace("-->", "").strip(" \t-:—")
        if not ids or not ids.strip():
            self._diags.append(
                Diagnostic(
                    "FB006",
                    "bare 'bastion: ignore' suppresses nothing: name the rule, e.g."
                    " '# bastion: ignore[FB203] TLS ends at the proxy'",
                    path,
                    number,
                )
            )
            return
        if not reason:
            self._diags.append(
                Diagnostic(
                    "FB006",
                    f"'bastion: ignore[{ids}]' without a reason suppresses nothing:"
                    " say why after the bracket",
                    path,
                    number,
                )
            )
            return
        tokens = frozenset(t.strip() for t in ids.split(",") if t.strip())
        marks[number] = marks.get(number, frozenset()) | tokens
        own_line = line[: match.start()].strip().lstrip("{").strip() in ("#", "")
        if own_line and number < len(lines):  # a comment alone covers the next line
            marks[number + 1] = marks.get(number + 1, frozenset()) | tokens


def load_baseline(path: str) -> frozenset[str]:
    """Fingerprints listed in a baseline file; a missing file is an empty baseline."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return frozenset()
    items = data.get("findings", []) if isinstance(data, dict) else []
    return frozenset(str(i.get("fingerprint")) for i in items if isinstance(i, dict))


def write_baseline(path: str, findings: Iterable[Finding]) -> int:
    """Write *findings*' fingerprints (with rule and place, for humans); return the count."""
    items = [
        {
            "fingerprint": f.fingerprint,
            "rule": f.rule_id,
            "path": f.location.path if f.location else None,
            "line": f.location.line if f.location else None,
        }
        for f in findings
    ]
    Path(path).write_text(
        json.dumps({"version": BASELINE_VERSION, "findings": items}, indent=2) + "\n", "utf-8"
    )
    return len(items)


def run_pip_audit(project: Project, diags: list[Diagnostic]) -> list[Finding]:
    """Run ``pip-audit`` on each requirements file; only when the user asked for it."""
    from .rules.dependencies import pip_audit_findings

    exe = shutil.which("pip-audit")
    if exe is None:
        diags.append(
            Diagnostic(
                "FB008",
                "--pip-audit was asked for but pip-audit is not installed"
                " (pip install 'flask-bastion[audit]')",
                project.root,
            )
        )
        return []
    out: list[Finding] = []
    for config in project.config_files:
        if config.kind != "requirements":
            continue
        target = str(Path(project.root) / config.path)
        try:
            proc = subprocess.run(  # noqa: S603 - fixed argv, no shell
                [exe, "-r", target, "-f", "json", "--progress-spinner", "off"],
                capture_output=True,
                text=True,
                timeout=300,
                check=False,
            )
            report = json.loads(proc.stdout or "{}")
        except (OSError, subprocess.TimeoutExpired, ValueError) as exc:
            diags.append(Diagnostic("FB008", f"pip-audit failed: {exc}", config.path))
            continue
        out.extend(pip_audit_findings(config, report))
    return out
