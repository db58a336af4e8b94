"""Run the data-flow analysis over a whole project, once, and keep the result per project."""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Callable
from dataclasses import dataclass

from ..project import Project
from . import specs, templates
from .context import Context, Flow
from .index import Function, ProjectIndex
from .interpreter import Analyzer
from .values import Step


@dataclass(frozen=True)
class TaintResult:
    """Every flow found, and the index (views, functions) rules may reuse."""

    flows: tuple[Flow, ...]
    index: ProjectIndex
    seen: dict[str, tuple[Step, int]]
    """Sink kind -> (first call site, count): where the project uses a sink at all."""

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
    templates.forget()
    index = ProjectIndex(project)
    ctx = Context(project, index)
    for _ in range(2):
        stores = ctx.tainted_stores
        ctx.summaries.clear()
        ctx.flows.clear()
        for module in index.modules.values():
            _guarded(Analyzer(ctx, module, None).run)
        relevant = _modules_reading_requests(index)
        for fn in list(index.functions.values()):
            if fn.is_view or fn.module.name in relevant:
                _guarded(functools.partial(_summarize, ctx, fn))
        if ctx.tainted_stores == stores:
            break
    flows = sorted(ctx.flows.values(), key=lambda f: (f.sink.path, f.sink.line, f.kind))
    return TaintResult(tuple(flows), index, dict(ctx.seen))


def _modules_reading_requests(index: ProjectIndex) -> set[str]:
    """Modules whose functions can see request data without being handed it.

    They import the request (or the session, ``g``, a form or parser library), or
    a project module that does. Functions elsewhere get no root pass of their own:
    they are analysed when a caller passes them request data (their summary).
    """
    relevant = {
        name
        for name, mod in index.modules.items()
        if any(specs.is_source_import(target) for target in mod.aliases.values())
    }
    changed = True
    while changed:
        changed = False
        for name, mod in index.modules.items():
            if name in relevant:
                continue
            if any(_module_of(index, t) in relevant for t in mod.aliases.values()):
                relevant.add(name)
                changed = True
    return relevant


def _module_of(index: ProjectIndex, qualname: str) -> str | None:
    while qualname:
        if qualname in index.modules:
            return qualname
        qualname = qualname.rpartition(".")[0]
    return None


def _guarded(run: Callable[[], object]) -> None:
    """One function the interpreter cannot follow must not cost the others their flows."""
    with contextlib.suppress(
        RecursionError, ValueError, TypeError, AttributeError, KeyError, IndexError
    ):
        run()


def _summarize(ctx: Context, fn: Function) -> None:
    """Flows from sources inside *fn*; its summary is computed when a caller needs it.

    Parameters are clean here: most functions are never called with request data, and
    following placeholder taints through all of them would cost the most time for nothing.
    """
    if fn.qualname in ctx.summaries:
        return
    ctx.in_progress.add(fn.qualname)
    try:
        Analyzer(ctx, fn.module, fn, placeholders=False).run()
    finally:
        ctx.in_progress.discard(fn.qualname)
