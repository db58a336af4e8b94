"""Rule declaration and selection.

A rule is a function decorated with :func:`rule`. Its metadata (id, name,
severity, confidence, CWE, catalogue entry, fix) is declared once here and
its documentation is its docstring, written in Ruff's sections::

    ## What it does
    ## Why is this bad?
    ## Example
    ## Use instead
    ## References

so the docs pages are generated from the code and cannot drift. Ids are
public API: never renumber, never reuse.

The rule's ``check`` receives the context object of its :class:`Scope`
(defined by the engine) and yields :class:`Finding` objects (made with
:meth:`Rule.finding`) and :class:`Evidence` objects (the mitigation is
implemented, and here is where).
"""

from __future__ import annotations

import enum
import importlib
import pkgutil
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from .finding import Confidence, Evidence, Finding, Location, Probe, Severity, TraceStep

RULE_ID = re.compile(r"^FB\d{3}$")
RULE_NAME = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
DOC_SECTIONS = ("What it does", "Why is this bad?", "Example", "Use instead", "References")


class Scope(enum.Enum):
    """What a rule looks at; the engine calls it once per such unit."""

    MODULE = "module"  # one Python file
    TEMPLATE = "template"  # one Jinja template
    CONFIG = "config"  # one config file (.env, *.cfg, requirements, Dockerfile, ...)
    PROJECT = "project"  # the whole project model, after every file is read
    LIVE = "live"  # an imported app or a URL, probed


Check = Callable[[Any], Iterable["Finding | Evidence"]]


@dataclass(frozen=True)
class Rule:
    """A rule's paperwork and its check function."""

    id: str
    name: str
    title: str
    severity: Severity
    confidence: Confidence
    cwe: tuple[int, ...]
    mitigation: str
    fix: str
    scope: Scope
    doc: dict[str, str]
    check: Check

    def finding(
        self,
        message: str,
        location: Location | None = None,
        *,
        probe: Probe | None = None,
        trace: Sequence[TraceStep] = (),
        severity: Severity | None = None,
        confidence: Confidence | None = None,
        fix: str | None = None,
    ) -> Finding:
        """Build a finding carrying this rule's metadata."""
        return Finding(
            rule_id=self.id,
            rule_name=self.name,
            mitigation=self.mitigation,
            severity=severity or self.severity,
            confidence=confidence or self.confidence,
            cwe=self.cwe,
            message=message,
            fix=fix or self.fix,
            location=location,
            probe=probe,
            trace=tuple(trace),
        )

    def evidence(
        self, message: str, location: Location | None = None, probe: Probe | None = None
    ) -> Evidence:
        """Build an "implemented" claim for this rule's catalogue entry."""
        return Evidence(self.mitigation, message, location, probe)


REGISTRY: dict[str, Rule] = {}


def parse_doc(text: str | None) -> dict[str, str]:
    """Split a Ruff-style docstring into its ``## Section`` parts."""
    sections: dict[str, str] = {}
    current: str | None = None
    lines: list[str] = []
    for raw in (text or "").splitlines():
        line = raw.strip("\n")
        stripped = line.strip()
        if stripped.startswith("## "):
            if current is not None:
                sections[current] = _dedent(lines)
            current, lines = stripped[3:].strip(), []
        elif current is not None:
            lines.append(line)
    if current is not None:
        sections[current] = _dedent(lines)
    return sections


def _dedent(lines: list[str]) -> str:
    import textwrap

    return textwrap.dedent("\n".join(lines)).strip()


def rule(
    id: str,
    name: str,
    title: str,
    *,
    severity: Severity,
    confidence: Confidence,
    cwe: Sequence[int],
    mitigation: str,
    fix: str,
    scope: Scope,
) -> Callable[[Check], Rule]:
    """Declare a rule. Raises at import time on a reused id or name."""

    def register(check: Check) -> Rule:
        if id in REGISTRY:
            raise ValueError(f"rule id {id} declared twice")
        if any(r.name == name for r in REGISTRY.values()):
            raise ValueError(f"rule name {name} declared twice")
        declared = Rule(
            id=id,
            name=name,
            title=title,
            severity=severity,
            confidence=confidence,
            cwe=tuple(cwe),
            mitigation=mitigation,
            fix=fix,
            scope=scope,
            doc=parse_doc(check.__doc__),
            check=check,
        )
        REGISTRY[id] = declared
        return declared

    return register


def load_rules(*, live: bool = True) -> dict[str, Rule]:
    """Import every module of ``audit.rules`` (and ``audit.live``) once.

    ``live=False`` is for the static audit: it returns only the static rules
    and leaves ``audit.live`` unimported, since the live checks import the
    guard (Flask, Redis, the limiter), a third of ``bastion audit``'s start-up.
    """
    packages = ("flask_bastion.audit.rules", "flask_bastion.audit.live")
    for package_name in packages if live else packages[:1]:
        try:
            package = importlib.import_module(package_name)
        except ModuleNotFoundError:
            continue
        for info in pkgutil.iter_modules(package.__path__):
            if not info.name.startswith("_"):
                importlib.import_module(f"{package_name}.{info.name}")
    if live:
        return REGISTRY
    return {key: r for key, r in REGISTRY.items() if r.scope is not Scope.LIVE}


def _matches(r: Rule, token: str) -> bool:
    token = token.strip()
    return token in (r.id, r.name) or (
        # a prefix of an id selects a family: FB4 or FB40
        token.upper().startswith("FB") and r.id.startswith(token.upper())
    )


def select(
    rules: Iterable[Rule], select: Sequence[str] = (), ignore: Sequence[str] = ()
) -> list[Rule]:
    """Filter by ``--select`` / ``--ignore`` (ids, id prefixes or names)."""
    chosen = [r for r in rules if not select or any(_matches(r, t) for t in select)]
    return [r for r in chosen if not any(_matches(r, t) for t in ignore)]


def by_scope(rules: Iterable[Rule], scope: Scope) -> Iterator[Rule]:
    return (r for r in rules if r.scope is scope)
