"""What every reporter needs and none should compute twice.

Rule metadata comes from the registry when the rule is registered, else from
the finding itself (a finding from a rule that is not loaded still renders).
Grouping follows the catalogue order; findings and evidence whose catalogue
entry is unknown are kept in an "other" group, never dropped.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from ..finding import (
    AuditResult,
    Confidence,
    Diagnostic,
    Evidence,
    Finding,
    Location,
    MitigationVerdict,
    Probe,
    Severity,
    Status,
)
from ..registry import DOC_SECTIONS, Rule

DOCS_BASE_URL = "https://example.invalid/flask-bastion/"
"""Where the generated docs are published; ``helpUri`` and links point below it."""

SECURITY_SEVERITY: Mapping[Severity, str] = {
    Severity.CRITICAL: "9.5",
    Severity.HIGH: "8.0",
    Severity.MEDIUM: "5.5",
    Severity.LOW: "3.0",
}
"""GitHub code scanning maps these scores to its critical/high/medium/low."""

STATUS_ORDER = (
    Status.MISSING,
    Status.PARTIAL,
    Status.IMPLEMENTED,
    Status.NOT_APPLICABLE,
    Status.UNKNOWN,
)


@dataclass(frozen=True)
class RuleInfo:
    """A rule's paperwork as reporters see it, registered or not."""

    id: str
    name: str
    title: str
    severity: Severity
    confidence: Confidence
    cwe: tuple[int, ...]
    mitigation: str
    fix: str
    doc: Mapping[str, str] = field(default_factory=dict)
    registered: bool = True
    scope: str = ""
    """The registry scope value (``module``, ``live``...); empty when not registered."""

    @property
    def doc_path(self) -> str:
        """The generated docs page, relative to the project root."""
        return f"docs/rules/{self.id}-{self.name}.md"

    @property
    def help_uri(self) -> str:
        return DOCS_BASE_URL + self.doc_path


def rule_info(rule: Rule) -> RuleInfo:
    return RuleInfo(
        id=rule.id,
        name=rule.name,
        title=rule.title,
        severity=rule.severity,
        confidence=rule.confidence,
        cwe=rule.cwe,
        mitigation=rule.mitigation,
        fix=rule.fix,
        doc=dict(rule.doc),
        scope=rule.scope.value,
    )


def info_for(finding: Finding, rules: Mapping[str, Rule]) -> RuleInfo:
    """The registered rule's paperwork, or what the finding itself carries."""
    rule = rules.get(finding.rule_id)
    if rule is not None:
        return rule_info(rule)
    return RuleInfo(
        id=finding.rule_id,
        name=finding.rule_name,
        title=finding.rule_name.replace("-", " ").capitalize(),
        severity=finding.severity,
        confidence=finding.confidence,
        cwe=finding.cwe,
        mitigation=finding.mitigation,
        fix=finding.fix,
        registered=False,
    )


def rules_used(result: AuditResult, rules: Mapping[str, Rule]) -> list[RuleInfo]:
    """One :class:`RuleInfo` per rule id among the findings, sorted by id."""
    seen: dict[str, RuleInfo] = {}
    for finding in result.sorted_findings():
        seen.setdefault(finding.rule_id, info_for(finding, rules))
    return [seen[k] for k in sorted(seen)]


@dataclass(frozen=True)
class Grouped:
    """The result in catalogue order, plus whatever no catalogue entry claims."""

    verdicts: tuple[MitigationVerdict, ...]
    other_findings: tuple[Finding, ...]
    other_evidence: tuple[Evidence, ...]


def group(result: AuditResult) -> Grouped:
    verdicts = tuple(result.verdicts())
    known = {v.entry.id for v in verdicts}
    return Grouped(
        verdicts=verdicts,
        other_findings=tuple(f for f in result.sorted_findings() if f.mitigation not in known),
        other_evidence=tuple(e for e in sorted_evidence(result) if e.mitigation not in known),
    )


def worst_first(findings: Sequence[Finding]) -> list[Finding]:
    """Within one entry a reviewer reads the worst first, then by place."""
    return sorted(findings, key=lambda f: (-f.severity, *f.sort_key()))


def sorted_evidence(result: AuditResult) -> list[Evidence]:
    return sorted(result.evidence, key=_evidence_key)


def sorted_evidence_of(evidence: Sequence[Evidence]) -> list[Evidence]:
    return sorted(evidence, key=_evidence_key)


def _evidence_key(e: Evidence) -> tuple[str, str, int, str]:
    where = e.location.path if e.location else (e.probe.url if e.probe else "")
    return (e.mitigation, where, e.location.line if e.location else 0, e.message)


def sorted_diagnostics(result: AuditResult) -> list[Diagnostic]:
    return sorted(result.diagnostics, key=lambda d: (d.path, d.line or 0, d.code, d.message))


def status_counts(verdicts: Sequence[MitigationVerdict]) -> dict[Status, int]:
    counts = dict.fromkeys(STATUS_ORDER, 0)
    for v in verdicts:
        counts[v.status] += 1
    return counts


def severity_label(severity: Severity | int) -> str:
    return Severity(severity).name.lower()


def where(location: Location | None, finding: Finding | Evidence | None = None) -> str:
    """``path:line[:col]`` for static places, ``METHOD URL`` for live ones."""
    if location is not None:
        return str(location)
    probe = finding.probe if finding is not None else None
    return f"{probe.method} {probe.url}" if probe is not None else ""


def probe_outcome(probe: Probe) -> str:
    """``200``, ``no response`` over HTTP, or nothing for an imported app (no request made)."""
    if probe.status is not None:
        return str(probe.status)
    return "no response" if "://" in probe.url else ""


def probe_line(probe: Probe) -> str:
    outcome = probe_outcome(probe)
    return f"{probe.method} {probe.url}" + (f" -> {outcome}" if outcome else "")


@dataclass(frozen=True)
class SnippetLine:
    number: int | None
    text: str
    marked: bool


def snippet_lines(finding: Finding) -> list[SnippetLine]:
    """The snippet's lines, numbered from the finding's line, flagged lines marked.

    The engine fills ``snippet`` with the flagged line(s) starting at
    ``location.line``; every line from ``line`` to ``end_line`` is marked.
    """
    if not finding.snippet:
        return []
    lines = finding.snippet.rstrip("\n").splitlines() or [""]
    loc = finding.location
    lines = [_clip(text) for text in lines]
    if loc is None:
        return [SnippetLine(None, text, True) for text in lines]
    last = max(loc.end_line or loc.line, loc.line)
    return [
        SnippetLine(n, text, loc.line <= n <= last) for n, text in enumerate(lines, start=loc.line)
    ]


MAX_SNIPPET_WIDTH = 240
"""Longer lines (minified assets, generated code) are cut: the location says where."""


def _clip(text: str) -> str:
    return text if len(text) <= MAX_SNIPPET_WIDTH else text[:MAX_SNIPPET_WIDTH] + " …"


def caret_span(finding: Finding) -> tuple[int, int] | None:
    """Zero-based ``(start, width)`` to underline on a one-line snippet, if known."""
    loc = finding.location
    if loc is None or loc.column <= 0 or not finding.snippet:
        return None
    if "\n" in finding.snippet.rstrip("\n"):
        return None
    start = loc.column - 1
    if start >= MAX_SNIPPET_WIDTH:
        return None
    width = 1
    if loc.end_column and (loc.end_line in (None, loc.line)) and loc.end_column > loc.column:
        width = loc.end_column - loc.column
    return start, min(width, MAX_SNIPPET_WIDTH - start)


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    """Neutralise control characters (ANSI escapes, bidi overrides) from scanned text.

    Scanned code is attacker-controlled: an escape sequence in a snippet must
    not drive the reviewer's terminal, and a bidi override must not reorder
    what the reviewer reads (CVE-2021-42574, "Trojan Source").
    """
    return _CONTROL.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def doc_markdown(info: RuleInfo, *, heading: str = "##") -> str:
    """The rule's documentation sections as Markdown (for SARIF help and docs pages)."""
    parts: list[str] = []
    for name in DOC_SECTIONS:
        body = info.doc.get(name, "").strip()
        if body:
            parts.append(f"{heading} {name}\n\n{body}")
    extra = sorted(k for k in info.doc if k not in DOC_SECTIONS)
    parts.extend(f"{heading} {name}\n\n{info.doc[name].strip()}" for name in extra)
    if not parts:
        parts.append(f"{heading} Fix\n\n{info.fix}")
    return "\n\n".join(parts)


def doc_text(info: RuleInfo) -> str:
    """The documentation sections as plain text (SARIF ``help.text``)."""
    parts = [f"{info.title}."] if info.title else []
    for name in DOC_SECTIONS:
        body = info.doc.get(name, "").strip()
        if body:
            parts.append(f"{name}\n{_strip_fences(body)}")
    parts.append(f"Fix: {info.fix}")
    return "\n\n".join(parts)


def _strip_fences(body: str) -> str:
    return "\n".join(line for line in body.splitlines() if not line.strip().startswith("```"))


def first_paragraph(text: str) -> str:
    return text.strip().split("\n\n", 1)[0].replace("\n", " ").strip()
