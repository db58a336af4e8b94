"""Run the data-flow analysis over a whole project, once, and keep the result per project."""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Callable
from dataclasses import dataclass

from ..project import Project
from . import calls
from .context import Context, Flow
from .index import Function, ProjectIndex
from .interpreter import Analyzer


@dataclass(frozen=True)
class TaintResult:
    """Every flow found, and the index (views, functions) rules may reuse."""

    flows: tuple[Flow, ...]
    index: ProjectIndex

    def of_kind(self, *kinds: str) -> list[Flow]:
        return [f for f in self.flows if f.kind in kinds]


_cache: dict[int, tuple[Project, TaintResult]] = {}


def analyze(project: Project) -> TaintResult:
    """Trace request data to sinks in *project*; cached so every rule shares one run."""
    hit = _cache.get(id(project))
    if hit is not None and hit[0] is project:
        return hit[1]
    result = _analyze(project)
    if len(_cache) > 8:
        _cache.clear()
    _cache[id(project)] = (project, result)
    return result


def _analyze(project: Project) -> TaintResult:
    index = ProjectIndex(project)
    ctx = Context(project, index)
    for _ in range(2):
        stores = ctx.tainted_stores
        ctx.summaries.clear()
        ctx.flows.clear()
        for module in index.modules.values():
            _guarded(Analyzer(ctx, module, None).run)
        for fn in list(index.functions.values()):
            _guarded(functools.partial(_summarize, ctx, fn))
        if ctx.tainted_stores == stores:
            break
    flows = sorted(ctx.flows.values(), key=lambda f: (f.sink.path, f.sink.line, f.kind))
    return TaintResult(tuple(flows), index)


def _guarded(run: Callable[[], object]) -> None:
    """One function the interpreter cannot follow must not cost the others their flows."""
    with contextlib.suppress(
        RecursionError, ValueError, TypeError, AttributeError, KeyError, IndexError
    ):
        run()


def _summarize(ctx: Context, fn: Function) -> None:
    if fn.qualname in ctx.summaries:
        return
    an = Analyzer(ctx, fn.module, fn)
    calls.summary_of(an, fn)
