"""The terminal report: grouped by catalogue entry, a summary at the end.

Lines are built once as ``rich`` :class:`~rich.text.Text` objects; without
colour the plain characters are joined (no escape codes at all), with colour
``rich`` renders the same lines to a string. Scanned-project text is passed
as plain text (never as ``rich`` markup) after control characters are
neutralised, so a snippet cannot restyle or drive the terminal.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from io import StringIO

from rich.console import Console
from rich.text import Text

from ..finding import AuditResult, Evidence, Finding, MitigationVerdict, Severity, Status
from ..registry import Rule
from . import _common as c

_SEVERITY_STYLE = {
    Severity.CRITICAL: "bold white on red",
    Severity.HIGH: "bold red",
    Severity.MEDIUM: "yellow",
    Severity.LOW: "cyan",
}
_STATUS_STYLE = {
    Status.MISSING: "bold red",
    Status.PARTIAL: "bold yellow",
    Status.IMPLEMENTED: "bold green",
    Status.NOT_APPLICABLE: "dim",
    Status.UNKNOWN: "dim",
}
_INDENT = "    "


def render(result: AuditResult, rules: Mapping[str, Rule], *, color: bool = False) -> str:
    del rules  # the terminal report names rules by id and name only
    lines = list(_report(result))
    if not color:
        return "".join(line.plain + "\n" for line in lines)
    out = StringIO()
    # The caller decided on colour (TTY, NO_COLOR...): the environment must not
    # change the bytes, so rich gets an empty one.
    console = Console(
        file=out,
        force_terminal=True,
        no_color=False,
        color_system="standard",
        width=200,
        highlight=False,
        markup=False,
        emoji=False,
        legacy_windows=False,
        _environ={},
    )
    for line in lines:
        console.print(line, soft_wrap=True)
    return out.getvalue()


def _t(*parts: str | tuple[str, str]) -> Text:
    """A line from plain strings and ``(text, style)`` pairs; text is sanitised."""
    line = Text()
    for part in parts:
        if isinstance(part, tuple):
            line.append(c.printable(part[0]), style=part[1])
        else:
            line.append(c.printable(part))
    return line


def _report(result: AuditResult) -> Iterator[Text]:
    version = f" (flask-bastion {result.tool_version})" if result.tool_version else ""
    yield _t(("Flask-Bastion audit of ", "bold"), (result.root, "bold"), version)
    grouped = c.group(result)
    for verdict in grouped.verdicts:
        yield Text()
        yield from _verdict(verdict)
    if grouped.other_findings or grouped.other_evidence:
        yield Text()
        yield _t(("Outside the catalogue", "bold"))
        for e in grouped.other_evidence:
            yield _evidence(e)
        for f in c.worst_first(grouped.other_findings):
            yield from _finding(f)
    yield Text()
    yield from _summary(result, grouped)


def _verdict(verdict: MitigationVerdict) -> Iterator[Text]:
    entry = verdict.entry
    yield _t(
        (f"{entry.id}  {entry.title}", "bold"),
        "  ",
        (verdict.status.value.upper(), _STATUS_STYLE[verdict.status]),
    )
    for e in c.sorted_evidence_of(verdict.evidence):
        yield _evidence(e)
    for f in c.worst_first(verdict.findings):
        yield from _finding(f)


def _evidence(e: Evidence) -> Text:
    place = c.where(e.location, e)
    return _t("  ", ("+ ", "green"), e.message, ("  " + place if place else "", "dim"))


def _finding(f: Finding) -> Iterator[Text]:
    yield _t(
        "  ",
        (f"{c.severity_label(f.severity).upper():<8}", _SEVERITY_STYLE[f.severity]),
        " ",
        (f"{f.rule_id} {f.rule_name}", "bold"),
        "  ",
        (c.where(f.location, f), "underline"),
    )
    yield _t(_INDENT, f.message)
    yield from _snippet(f)
    yield from _trace(f)
    if f.probe is not None:
        yield from _probe(f)
    yield _t(_INDENT, ("Fix: ", "bold green"), f.fix)


def _snippet(f: Finding) -> Iterator[Text]:
    lines = c.snippet_lines(f)
    if not lines:
        return
    width = max(len(str(line.number or "")) for line in lines)
    for line in lines:
        number = str(line.number or "").rjust(width)
        marker = ">" if line.marked else " "
        style = "bold" if line.marked else "dim"
        yield _t(_INDENT, (f"{marker} {number} | ", "dim"), (line.text, style))
    span = c.caret_span(f)
    if span is not None:
        start, size = span
        # keep tabs so the carets line up under the code whatever the tab width
        pad = "".join("\t" if ch == "\t" else " " for ch in lines[0].text[:start])
        pad += " " * (start - len(pad))
        yield _t(_INDENT, " " * (width + 3), ("| ", "dim"), pad, ("^" * size, "red"))


def _trace(f: Finding) -> Iterator[Text]:
    if not f.trace:
        return
    yield _t(_INDENT, ("Trace (source first):", "bold"))
    for n, step in enumerate(f.trace, start=1):
        note = f"  ({step.note})" if step.note else ""
        yield _t(_INDENT, f"  {n}. ", (str(step.location), "dim"), "  ", step.expression, note)


def _probe(f: Finding) -> Iterator[Text]:
    probe = f.probe
    assert probe is not None
    yield _t(_INDENT, ("Probe: ", "bold"), c.probe_line(probe))
    for name, value in probe.headers:
        yield _t(_INDENT, f"  {name}: {value}")
    if probe.note:
        yield _t(_INDENT, f"  {probe.note}")


def _summary(result: AuditResult, grouped: c.Grouped) -> Iterator[Text]:
    yield _t(("Summary", "bold"))
    counts = {s: 0 for s in sorted(Severity, reverse=True)}
    for f in result.findings:
        counts[f.severity] += 1
    by_sev = ", ".join(f"{c.severity_label(s)} {n}" for s, n in counts.items())
    suppressed = f"; {result.suppressed} suppressed" if result.suppressed else ""
    yield _t("  findings:    ", (str(len(result.findings)), "bold"), f" ({by_sev}){suppressed}")
    statuses = c.status_counts(grouped.verdicts)
    yield _t("  entries:     ", ", ".join(f"{s.value} {n}" for s, n in statuses.items()))
    yield _t(
        "  scanned:     ",
        f"{result.files_scanned} files, {result.lines_scanned} lines",
        f" in {result.duration_seconds:.2f} s",
    )
    if result.parsers:
        parsed = ", ".join(f"{name} {n}" for name, n in sorted(result.parsers.items()))
        yield _t("  parsed by:   ", parsed)
    diagnostics = c.sorted_diagnostics(result)
    yield _t("  diagnostics: ", str(len(diagnostics)))
    for d in diagnostics:
        place = f"{d.path}:{d.line}" if d.line else d.path
        yield _t("    ", (d.code, "yellow"), " ", (place, "dim"), "  ", d.message)
