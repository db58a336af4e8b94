"""Rules in worker processes for big trees, on the two-plus cores a machine has.

The project (trees and Flask model) is built once in the parent; workers are
forked after that, so they share it copy-on-write instead of receiving it
pickled. Work units are chunks of files (MODULE rules) and one unit with every
TEMPLATE/CONFIG/PROJECT rule (they share the taint analysis); results come
back as plain findings. Where
``fork`` is not available the caller runs serially.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from .registry import Scope, by_scope

if TYPE_CHECKING:
    from .finding import Diagnostic, Evidence, Finding
    from .project import Project, PythonFile
    from .registry import Rule

Items = list["Finding | Evidence"]
_SHARED: dict[str, Any] = {}
CHUNKS_PER_WORKER = 4


def count(jobs: int, files: int, threshold: int) -> int:
    """How many processes to use: 1 (in process) below *threshold* files or without fork."""
    if jobs == 1 or (jobs == 0 and files < threshold):
        return 1  # before importing multiprocessing: most runs never need it
    import multiprocessing

    if "fork" not in multiprocessing.get_all_start_methods():
        return 1
    return jobs or min(4, os.cpu_count() or 1)


def _task(task: tuple[str, Any]) -> tuple[list[tuple[str, Items, bool]], Items, list[Diagnostic]]:
    from .engine import run_module_rules, run_other_rules

    project: Project = _SHARED["project"]
    rules: list[Rule] = _SHARED["rules"]
    diags: list[Diagnostic] = []
    kind, payload = task
    if kind == "files":
        files = {f.path: f for f in project.python_files}
        module_rules = list(by_scope(rules, Scope.MODULE))
        done = []
        for path in payload:
            items, touched = run_module_rules(files[path], project, module_rules, diags)
            done.append((path, items, touched))
        return done, [], diags
    chosen = [r for r in rules if r.id in payload]
    return [], run_other_rules(project, chosen, diags), diags


def run_parallel(
    project: Project,
    rules: Sequence[Rule],
    todo: Sequence[PythonFile],
    workers: int,
    diags: list[Diagnostic],
    on_progress: Callable[[int, int], None] | None = None,
) -> tuple[list[tuple[str, Items, bool]], Items]:
    """Run every rule over *project* in *workers* forked processes."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    paths = [f.path for f in todo]
    size = max(1, len(paths) // (workers * CHUNKS_PER_WORKER) + 1)
    # Project-wide rules share caches (the taint analysis runs once for all of them), so
    # they stay together in one task, first, overlapping with the file chunks.
    shared = tuple(r.id for r in rules if r.scope is not Scope.MODULE)
    tasks: list[tuple[str, Any]] = [("rules", shared)] if shared else []
    if any(r.scope is Scope.MODULE for r in rules):
        tasks += [("files", paths[i : i + size]) for i in range(0, len(paths), size)]
    _SHARED.update(project=project, rules=list(rules))
    done: list[tuple[str, Items, bool]] = []
    other: Items = []
    context = multiprocessing.get_context("fork")
    try:
        with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
            for number, (files_done, items, task_diags) in enumerate(pool.map(_task, tasks), 1):
                done.extend(files_done)
                other.extend(items)
                diags.extend(task_diags)
                if on_progress is not None:
                    on_progress(number, len(tasks))
    finally:
        _SHARED.clear()
    return done, other
