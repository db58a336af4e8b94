"""Shared by the data-flow rules: turn taint :class:`Flow` objects into findings."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from ..finding import Confidence, Evidence, Finding, Location, Severity, TraceStep
from ..project import Project
from ..registry import Rule, Scope, rule
from ..taint import Flow, Step, analyze


@dataclass(frozen=True)
class FlowRule:
    """The paperwork of one data-flow rule; ``kinds`` are the taint sink kinds it reports."""

    id: str
    name: str
    title: str
    kinds: tuple[str, ...]
    severity: Severity
    cwe: tuple[int, ...]
    mitigation: str
    fix: str
    what: str
    """Short noun for messages: ``SQL query``, ``shell command``..."""
    doc: str
    keep: Callable[[Flow], bool] | None = None
    """Drop flows another (syntactic) rule already reports."""
    evidence: bool = True
    """Say "implemented" when the sink is used and no request data reaches it."""
    absent: str | None = None
    """Evidence to give when the project never uses the sink at all but renders
    through the safe alternative (files, not strings): the mitigation *is* the
    absence, shown at the first view that renders a template file."""
    confidence: Callable[[Project, Flow], Confidence | None] | None = None
    """At most this confidence for a flow (``None``: as sure as the path): for classes a
    reviewer rarely acts on (log injection) or defaults that are safe in current libraries."""


def location(step_path: str, line: int, column: int) -> Location:
    return Location(step_path, line, column)


def trace_of(flow: Flow) -> list[TraceStep]:
    return [TraceStep(Location(s.path, s.line, s.column), s.expression, s.note) for s in flow.trace]


def confidence_of(flow: Flow) -> Confidence:
    """HIGH when every call on the path was seen; lower per call taken on trust."""
    if not flow.unresolved:
        return Confidence.HIGH
    return Confidence.MEDIUM if len(flow.unresolved) == 1 else Confidence.LOW


def _capped(sure: Confidence, spec: FlowRule, project: Project, flow: Flow) -> Confidence:
    cap = spec.confidence(project, flow) if spec.confidence is not None else None
    return sure if cap is None else min(sure, cap)


def message_of(flow: Flow, what: str) -> str:
    text = f"request data reaches {what}: {flow.sink.expression}"
    if len(text) > 100:
        text = text[:97] + "..."
    if flow.unresolved:
        text += f" (taint assumed through {', '.join(flow.unresolved)})"
    return text


def _evidence(
    declared: Rule, spec: FlowRule, seen: dict[str, tuple[Step, int]]
) -> Iterator[Evidence]:
    for kind in spec.kinds:
        if kind in seen:
            first, count = seen[kind]
            sites = "call site" if count == 1 else "call sites"
            yield declared.evidence(
                f"no request data reaches {spec.what}: {count} {sites} checked",
                location(first.path, first.line, first.column),
            )


def _absent_evidence(declared: Rule, message: str, project: Project) -> Iterator[Evidence]:
    model = project.model
    renders = [r for r in getattr(model, "routes", ()) if r.templates] if model else []
    if renders:
        first = min(renders, key=lambda r: (r.location.path, r.location.line))
        yield declared.evidence(message, first.location)


def declare(spec: FlowRule) -> Rule:
    """Register a rule reporting every flow of ``spec.kinds``."""

    def check(project: Project) -> Iterator[Finding | Evidence]:
        result = analyze(project)
        flows = [f for f in result.of_kind(*spec.kinds) if spec.keep is None or spec.keep(f)]
        if not flows and spec.evidence:
            yield from _evidence(declared, spec, result.seen)
            if spec.absent and not any(kind in result.seen for kind in spec.kinds):
                yield from _absent_evidence(declared, spec.absent, project)
        for flow in flows:
            yield declared.finding(
                message_of(flow, spec.what),
                location(flow.sink.path, flow.sink.line, flow.sink.column),
                trace=trace_of(flow),
                confidence=_capped(confidence_of(flow), spec, project, flow),
            )

    check.__doc__ = spec.doc
    check.__name__ = spec.name.replace("-", "_")
    declared = rule(
        spec.id,
        spec.name,
        spec.title,
        severity=spec.severity,
        confidence=Confidence.HIGH,
        cwe=spec.cwe,
        mitigation=spec.mitigation,
        fix=spec.fix,
        scope=Scope.PROJECT,
    )(check)
    return declared
