"""State shared by every function analysis of one project: summaries, fields, flows found."""

from __future__ import annotations

import ast
from dataclasses import dataclass, field

from ..project import Project
from .index import Function, ProjectIndex
from .values import CLEAN, Step, Taint, Val, join


@dataclass(frozen=True)
class Flow:
    """Attacker-controlled data reaching a sink of one kind, with its path (source first)."""

    kind: str
    sink: Step
    trace: tuple[Step, ...]
    unresolved: tuple[str, ...]
    """Calls the flow crossed without their code being seen (taint assumed to pass)."""
    function: str
    note: str = ""

    @property
    def resolved(self) -> bool:
        return not self.unresolved


@dataclass(frozen=True)
class Hit:
    """In a summary: a parameter of the function reaches a sink inside it."""

    kind: str
    taint: Taint
    sink: Step
    note: str = ""


@dataclass
class Summary:
    """What calling a project function does with its arguments (context-insensitive)."""

    ret: Val = CLEAN
    hits: list[Hit] = field(default_factory=list)
    field_writes: list[tuple[str, str, Val]] = field(default_factory=list)


UNKNOWN_SUMMARY = Summary()


@dataclass
class Context:
    project: Project
    index: ProjectIndex
    summaries: dict[str, Summary] = field(default_factory=dict)
    in_progress: set[str] = field(default_factory=set)
    fields: dict[tuple[str, str], Val] = field(default_factory=dict)
    globals: dict[tuple[str, str], Val] = field(default_factory=dict)
    flows: dict[tuple[str, str, int], Flow] = field(default_factory=dict)
    seen: dict[str, tuple[Step, int]] = field(default_factory=dict)
    """Sink kind -> (first call site, number of call sites) of unambiguous sinks analysed."""
    tainted_stores: int = 0
    """Tainted writes to fields and globals: a second pass makes their readers see them."""

    def saw(self, kind: str, where: Step) -> None:
        first, count = self.seen.get(kind, (where, 0))
        self.seen[kind] = (first, count + 1)

    def store_field(self, cls: str, attr: str, value: Val) -> None:
        old = self.fields.get((cls, attr), CLEAN)
        if value.tainted and not old.tainted:
            self.tainted_stores += 1
        self.fields[(cls, attr)] = join(old, value) if (cls, attr) in self.fields else value

    def store_global(self, module: str, name: str, value: Val, *, merge: bool) -> None:
        old = self.globals.get((module, name))
        if value.tainted and (old is None or not old.tainted):
            self.tainted_stores += 1
        self.globals[(module, name)] = join(old, value) if merge and old is not None else value

    def report(self, kind: str, sink: Step, taint: Taint, function: str, note: str = "") -> None:
        key = (kind, sink.path, sink.line)
        trace = (*taint.steps, sink) if not taint.steps or taint.steps[-1] != sink else taint.steps
        flow = Flow(kind, sink, trace, taint.unresolved, function, note)
        old = self.flows.get(key)
        if old is None or (old.unresolved and not flow.unresolved):
            self.flows[key] = flow


def step(fn_path: str, node: ast.AST, note: str = "", text: str | None = None) -> Step:
    """A trace step for *node*: its position; the source text is rendered when needed."""
    return Step(
        fn_path,
        getattr(node, "lineno", 1),
        getattr(node, "col_offset", 0) + 1,
        text,
        note,
        node,
    )


def function_label(fn: Function | None, module: str) -> str:
    return fn.qualname if fn else module
