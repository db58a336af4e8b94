"""Reporters: pure functions ``AuditResult -> str``, one module per format.

Boundary: a reporter reads an :class:`~flask_bastion.audit.finding.AuditResult`,
the rule registry and the catalogue, and returns a string. It never analyses,
never prints, never reads the clock or the scanned files: the same result
always renders to the same bytes, which is what the golden tests pin.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from ..finding import AuditResult
from ..registry import Rule, load_rules
from . import html, json_report, markdown, sarif, text

FORMATS = ("text", "json", "sarif", "html", "markdown")

_RENDERERS: Mapping[str, Callable[[AuditResult, Mapping[str, Rule], bool], str]] = {
    "text": lambda r, rules, color: text.render(r, rules, color=color),
    "json": lambda r, rules, color: json_report.render(r, rules),
    "sarif": lambda r, rules, color: sarif.render(r, rules),
    "html": lambda r, rules, color: html.render(r, rules),
    "markdown": lambda r, rules, color: markdown.render(r, rules),
}


def render(
    result: AuditResult,
    fmt: str,
    *,
    color: bool = False,
    rules: Mapping[str, Rule] | None = None,
) -> str:
    """Render *result* in format *fmt* (one of :data:`FORMATS`).

    *color* only affects ``text`` (ANSI colour through ``rich``). *rules*
    defaults to every registered rule; a finding whose rule is not in it
    still renders from its own fields.
    """
    renderer = _RENDERERS.get(fmt)
    if renderer is None:
        raise ValueError(f"unknown report format {fmt!r}: choose one of {', '.join(FORMATS)}")
    return renderer(result, load_rules() if rules is None else rules, color)
