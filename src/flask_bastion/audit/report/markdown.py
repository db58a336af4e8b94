"""The "Mitigation strategies analysis": the format a reviewer pastes into a design review.

For each catalogue entry, in order: what it is and why, the threats with
their severity, *Currently implemented* with evidence (``file:line`` or the
request), *Missing implementation* with locations and the fix. Text from the
scanned project is escaped so it cannot inject HTML, links or images (an
image link would make the reviewer's Markdown viewer fetch a URL).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping

from ...catalog import Entry
from ..finding import AuditResult, Evidence, Finding, MitigationVerdict, Status
from ..registry import Rule
from . import _common as c

_STATUS_LABEL = {
    Status.IMPLEMENTED: "Implemented",
    Status.MISSING: "Missing",
    Status.PARTIAL: "Partially implemented",
    Status.NOT_APPLICABLE: "Not applicable",
    Status.UNKNOWN: "Not determined",
}
_NO_SECTIONS = {
    Status.NOT_APPLICABLE: "Not applicable: nothing in this project needs this protection.",
    Status.UNKNOWN: (
        "Not determined: the auditor saw neither evidence nor a finding for this entry; "
        "review it by hand."
    ),
}
_CODE_SPAN = re.compile(r"(`[^`\n]+`)")
# "_" inside a word is never emphasis in CommonMark: leave SECRET_KEY readable
_SPECIAL = re.compile(r"([\\*\[\]|!#~]|(?<!\w)_|_(?!\w))")


def render(result: AuditResult, rules: Mapping[str, Rule]) -> str:
    return "\n".join(_document(result, rules)).rstrip("\n") + "\n"


def text(value: str) -> str:
    """Escape scanned text for inline Markdown, keeping its `code spans`.

    Outside code spans, Markdown punctuation is backslash-escaped and HTML
    metacharacters become entities; newlines become spaces so a message
    stays inside its list item.
    """
    parts = _CODE_SPAN.split(c.printable(value.replace("\r", "").replace("\n", " ")))
    out = []
    for n, part in enumerate(parts):
        if n % 2:
            out.append(code(part[1:-1]))
        else:
            escaped = part.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            out.append(_SPECIAL.sub(r"\\\1", escaped))
    return "".join(out)


def code(value: str) -> str:
    """An inline code span that holds *value* whatever backticks it contains."""
    value = c.printable(value).replace("\n", " ")
    longest = max((len(m) for m in re.findall(r"`+", value)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if value.startswith("`") or value.endswith("`") or longest else ""
    return f"{fence}{pad}{value}{pad}{fence}"


def fenced(body: str, language: str = "") -> list[str]:
    longest = max((len(m) for m in re.findall(r"`{3,}", body)), default=2)
    fence = "`" * (longest + 1)
    return [f"{fence}{language}", *c.printable(body).splitlines(), fence]


def _document(result: AuditResult, rules: Mapping[str, Rule]) -> Iterator[str]:
    grouped = c.group(result)
    yield "# Mitigation strategies analysis"
    yield ""
    version = f", flask-bastion {text(result.tool_version)}" if result.tool_version else ""
    yield (
        f"Project {code(result.root)}: {result.files_scanned} files, "
        f"{result.lines_scanned} lines scanned{version}."
    )
    yield ""
    yield from _overview(grouped.verdicts)
    for verdict in grouped.verdicts:
        yield from _entry(verdict, rules)
    if grouped.other_findings or grouped.other_evidence:
        yield "## Outside the catalogue"
        yield ""
        yield from _implemented(grouped.other_evidence)
        yield from _missing(grouped.other_findings, rules)
    yield from _diagnostics(result)


def _overview(verdicts: tuple[MitigationVerdict, ...]) -> Iterator[str]:
    counts = c.status_counts(verdicts)
    yield "; ".join(f"{_STATUS_LABEL[s]}: {n}" for s, n in counts.items() if n) + "."
    yield ""
    yield "| Entry | Mitigation | Status | Findings | Evidence |"
    yield "|---|---|---|---:|---:|"
    for v in verdicts:
        yield (
            f"| {v.entry.id} | {text(v.entry.title)} | {_STATUS_LABEL[v.status]} "
            f"| {len(v.findings)} | {len(v.evidence)} |"
        )
    yield ""


def _entry(verdict: MitigationVerdict, rules: Mapping[str, Rule]) -> Iterator[str]:
    entry = verdict.entry
    yield f"## {entry.id} {text(entry.title)}"
    yield ""
    yield f"**Status:** {_STATUS_LABEL[verdict.status]}"
    yield ""
    yield f"{text(entry.summary)} {text(entry.why)}"
    yield ""
    yield from _threats(entry)
    yield _guard(entry)
    yield ""
    if verdict.status in _NO_SECTIONS:
        yield _NO_SECTIONS[verdict.status]
        yield ""
        return
    yield from _implemented(verdict.evidence)
    yield from _missing(verdict.findings, rules)


def _threats(entry: Entry) -> Iterator[str]:
    yield "**Threats:**"
    yield ""
    for threat in entry.threats:
        yield f"- {text(threat.name)} ({threat.severity.name.lower()})"
    yield ""


def _guard(entry: Entry) -> str:
    """Where Flask-Bastion's guard covers the entry: the reviewer's shortest fix."""
    if not entry.guard_enforced:
        return f"**Flask-Bastion:** audited only. {text(entry.guard_why_not or '')}".rstrip()
    names = [*entry.guard_settings, *entry.guard_api]
    if not names:
        return "**Flask-Bastion:** applied by `Bastion(app)` with its defaults."
    return (
        "**Flask-Bastion:** applied by `Bastion(app)`; see "
        + ", ".join(code(n) for n in names)
        + "."
    )


def _implemented(evidence: tuple[Evidence, ...]) -> Iterator[str]:
    yield "### Currently implemented"
    yield ""
    if not evidence:
        yield "No evidence found."
    for e in c.sorted_evidence_of(evidence):
        place = c.where(e.location, e)
        yield f"- {text(e.message)}" + (f" ({code(place)})" if place else "")
    yield ""


def _missing(findings: tuple[Finding, ...], rules: Mapping[str, Rule]) -> Iterator[str]:
    yield "### Missing implementation"
    yield ""
    if not findings:
        yield "Nothing missing found."
        yield ""
    for f in c.worst_first(findings):
        yield from _finding(f, rules)


def _finding(f: Finding, rules: Mapping[str, Rule]) -> Iterator[str]:
    info = c.info_for(f, rules)
    rule = f"[{f.rule_id} {code(f.rule_name)}]({info.help_uri})"
    yield (
        f"- **{c.severity_label(f.severity).capitalize()}** {rule} at "
        f"{code(c.where(f.location, f))}: {text(f.message)}"
    )
    if f.snippet:
        language = "python" if f.location and f.location.path.endswith(".py") else ""
        body = "\n".join(
            f"{'>' if line.marked else ' '} {line.number or ''} | {line.text}"
            for line in c.snippet_lines(f)
        )
        yield ""
        yield from (f"  {line}" for line in fenced(body, language))
        yield ""
    if f.trace:
        yield "  - Data flow (source first): " + " → ".join(
            f"{code(step.expression)} at {code(str(step.location))}" for step in f.trace
        )
    if f.probe is not None:
        yield f"  - Request: {code(c.probe_line(f.probe))}" + (
            f" ({text(f.probe.note)})" if f.probe.note else ""
        )
        for name, value in f.probe.headers:
            yield f"    - {code(f'{name}: {value}')}"
    yield f"  - Fix: {text(f.fix)}"
    yield ""


def _diagnostics(result: AuditResult) -> Iterator[str]:
    diagnostics = c.sorted_diagnostics(result)
    if not diagnostics:
        return
    yield "## Auditor diagnostics"
    yield ""
    yield "Parts of the project the auditor could not fully read; the run went on."
    yield ""
    for d in diagnostics:
        place = f"{d.path}:{d.line}" if d.line else d.path
        yield f"- {d.code} {code(place)}: {text(d.message)}"
    yield ""
