"""Parse once, dispatch, collect: the static audit pipeline.

``run_audit(paths, options)`` walks the tree (:mod:`.walk`), reads every file
once (:mod:`.parse`), builds the :class:`~.project.Project` and the Flask
model (:mod:`.model`), then runs the selected rules by scope:

* ``MODULE`` rules get a :class:`ModuleContext` (the file, its imports, a
  by-node-type index built in ONE walk of the tree, the project and model);
* ``TEMPLATE`` / ``CONFIG`` rules get a :class:`TemplateContext` /
  :class:`ConfigContext`;
* ``PROJECT`` rules get the :class:`~.project.Project` (``project.model`` is
  the Flask model).

A rule that raises becomes a diagnostic (FB007) and the run goes on. Then
snippets are filled, inline suppressions and the baseline applied, the
thresholds enforced, and findings sorted and deduplicated. The scanned code
is never imported or executed.
"""

from __future__ import annotations

import ast
import gc
import os
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from typing import Any, TypeVar

from . import cache as _cache
from . import control
from . import workers as _workers
from .finding import (
    AuditResult,
    Confidence,
    Diagnostic,
    Evidence,
    Finding,
    Location,
    Severity,
)
from .model import FlaskModel, build_model
from .names import file_imports, qualname
from .project import ConfigFile, Project, PythonFile, TemplateFile
from .project import index_tree as index_tree
from .read import ReadState, load, parse_loaded
from .registry import Rule, Scope, by_scope, load_rules, select
from .walk import walk

PARALLEL_THRESHOLD = 400
"""Below this many Python files, worker processes cost more than they save."""

N = TypeVar("N", bound=ast.AST)


@dataclass(frozen=True)
class AuditOptions:
    """How one run is configured (the CLI and ``[tool.bastion]`` fill it)."""

    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    severity: Severity = Severity.LOW
    """Findings below this severity are dropped."""
    confidence: Confidence = Confidence.LOW
    exclude: tuple[str, ...] = ()
    jobs: int = 0
    """Worker processes; 0 picks from the CPU count, 1 stays in process."""
    cache: bool = True
    cache_dir: str | None = None
    baseline: str | None = None
    """A ``--write-baseline`` file: findings whose fingerprint it lists are dropped."""
    progress: bool = False
    pip_audit: bool = False
    use_pyproject: bool = True
    """Merge ``[tool.bastion]`` from the scanned root's ``pyproject.toml``."""
    include_tests: bool = False
    """Audit test suites too (left out by default, with an FB009 note)."""
    on_progress: Callable[[int, int], None] | None = field(default=None, compare=False)
    """Called with ``(files done, files total)`` while module rules run (the CLI's bar)."""


@dataclass
class ModuleContext:
    """What a MODULE rule sees: one parsed file, indexed, plus the project."""

    file: PythonFile
    _project: Project
    imports: dict[str, str]
    index: dict[type, list[ast.AST]]
    parents: dict[ast.AST, ast.AST] = field(default_factory=dict)
    touched_project: bool = False
    """Set when a rule read the project: its cached result then depends on every file."""
    _call_names: dict[ast.Call, str] = field(default_factory=dict, repr=False)
    """``call_name`` memo: every rule asks it of the same calls (180k asks, 20k calls)."""

    @property
    def project(self) -> Project:
        self.touched_project = True
        return self._project

    @property
    def model(self) -> FlaskModel:
        model: FlaskModel = self.project.model
        return model

    def nodes(self, kind: type[N]) -> list[N]:
        """Every node of *kind* in the file, in source order (no extra walk)."""
        return self.index.get(kind, [])  # type: ignore[return-value]

    def qualname(self, expr: ast.AST) -> str | None:
        return qualname(expr, self.imports)

    def call_name(self, call: ast.Call) -> str:
        name = self._call_names.get(call)
        if name is None:
            name = self._call_names[call] = qualname(call.func, self.imports) or ""
        return name

    def location(self, node: ast.AST) -> Location:
        return node_location(self.file.path, node)

    def parent(self, node: ast.AST) -> ast.AST | None:
        return self.parents.get(node)

    def enclosing_function(self, node: ast.AST) -> ast.FunctionDef | ast.AsyncFunctionDef | None:
        current = self.parents.get(node)
        while current is not None:
            if isinstance(current, (ast.FunctionDef, ast.AsyncFunctionDef)):
                return current
            current = self.parents.get(current)
        return None


@dataclass
class TemplateContext:
    template: TemplateFile
    project: Project

    @property
    def model(self) -> FlaskModel:
        model: FlaskModel = self.project.model
        return model


@dataclass
class ConfigContext:
    config: ConfigFile
    project: Project

    @property
    def model(self) -> FlaskModel:
        model: FlaskModel = self.project.model
        return model


def node_location(path: str, node: ast.AST) -> Location:
    """A 1-based location for an ``ast`` node (column converted from 0-based)."""
    line = getattr(node, "lineno", 1)
    col = getattr(node, "col_offset", -1) + 1
    return Location(
        path,
        line,
        col,
        getattr(node, "end_lineno", None),
        (getattr(node, "end_col_offset", None) or 0) + 1 or None,
    )


# --------------------------------------------------------------------------- reading


def _safe(rule: Rule, ctx: Any, where: str, diags: list[Diagnostic]) -> list[Finding | Evidence]:
    try:
        return list(rule.check(ctx))
    except Exception as exc:
        diags.append(
            Diagnostic(
                "FB007",
                f"rule {rule.id} ({rule.name}) crashed: {type(exc).__name__}: {exc}",
                where,
            )
        )
        return []


def module_context(file: PythonFile, project: Project) -> ModuleContext:
    """Build the context MODULE rules receive (also used by tests and T1)."""
    file.nodes(ast.Module)  # builds the shared index once
    assert file._index is not None
    return ModuleContext(file, project, file_imports(file), file._index, file.parents)


def run_module_rules(
    file: PythonFile, project: Project, rules: Sequence[Rule], diags: list[Diagnostic]
) -> tuple[list[Finding | Evidence], bool]:
    """MODULE rules on one file: what they produced, and whether they read the project."""
    ctx = module_context(file, project)
    produced: list[Finding | Evidence] = []
    for rule in rules:
        produced.extend(_safe(rule, ctx, file.path, diags))
    return produced, ctx.touched_project


def run_other_rules(
    project: Project, rules: Sequence[Rule], diags: list[Diagnostic]
) -> list[Finding | Evidence]:
    """TEMPLATE, CONFIG and PROJECT rules (the part of a run cached as a whole)."""
    out: list[Finding | Evidence] = []
    for rule in by_scope(rules, Scope.TEMPLATE):
        for template in project.templates:
            if template.tree is not None:
                out.extend(_safe(rule, TemplateContext(template, project), template.path, diags))
    for rule in by_scope(rules, Scope.CONFIG):
        for config in project.config_files:
            out.extend(_safe(rule, ConfigContext(config, project), config.path, diags))
    for rule in by_scope(rules, Scope.PROJECT):
        out.extend(_safe(rule, project, project.root, diags))
    return out


def _run_rules(
    project: Project,
    rules: list[Rule],
    diags: list[Diagnostic],
    file_cache: _cache.FileCache,
    opts: AuditOptions,
) -> tuple[list[Finding | Evidence], list[Finding | Evidence]]:
    """``(module items, other items)``; in worker processes when the tree is big."""
    module_rules = list(by_scope(rules, Scope.MODULE))
    todo: list[PythonFile] = []
    module_items: list[Finding | Evidence] = []
    for file in project.python_files if module_rules else ():
        hit = file_cache.get(file.path)
        if hit is None:
            todo.append(file)
        else:
            module_items.extend(hit)
    workers = _workers.count(opts.jobs, len(project.python_files), PARALLEL_THRESHOLD)
    if workers > 1:
        done, other = _workers.run_parallel(project, rules, todo, workers, diags, opts.on_progress)
    else:
        done = []
        total = 2 * len(project.python_files)  # the project-wide rules weigh about as much
        report = opts.on_progress or (lambda _done, _total: None)
        for number, file in enumerate(todo, 1):
            report(number, total)
            items, touched = run_module_rules(file, project, module_rules, diags)
            done.append((file.path, items, touched))
        other = run_other_rules(project, rules, diags)
        report(total, total)
    for path, items, touched in done:
        file_cache.put(path, items, touched)
        module_items.extend(items)
    return module_items, other


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector for one run; restore its state after.

    Parsing allocates millions of ``ast`` nodes, and every few thousand
    allocations the collector walks all the live ones again: measured on the
    benchmark tree (64k lines) that more than doubled ``ast.parse`` (0.73 s
    against 0.30 s) and slowed every rule. Trees and findings hold no reference
    cycles worth reclaiming mid-run; whatever cycles a run leaves are collected
    by the next automatic collection once the collector is back on. Re-entrant:
    the CLI also holds it over the report, which would otherwise pay for the
    first collection over the run's still-live trees.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def load_project(
    paths: Sequence[str | os.PathLike[str]], options: AuditOptions | None = None
) -> tuple[Project, list[Diagnostic]]:
    """Walk, read and parse *paths* and build the Flask model, without running rules.

    For tests and tools that want the :class:`Project` (trees and ``model``).
    """
    with collector_paused():
        return _load_project(paths, options)


def _load_project(
    paths: Sequence[str | os.PathLike[str]], options: AuditOptions | None
) -> tuple[Project, list[Diagnostic]]:
    opts = options or AuditOptions()
    diags: list[Diagnostic] = []
    root, sources = walk(paths or ["."], opts.exclude, diags, opts.include_tests)
    read = ReadState(Project(root), diagnostics=diags)
    parse_loaded(load(sources, read), read)
    read.project.model = build_model(read.project)
    return read.project, read.diagnostics


def run_audit(
    paths: Sequence[str | os.PathLike[str]], options: AuditOptions | None = None
) -> AuditResult:
    """Audit *paths* statically and return everything found; never raises on bad input."""
    with collector_paused():
        return _run_audit(paths, options)


def _run_audit(
    paths: Sequence[str | os.PathLike[str]], options: AuditOptions | None
) -> AuditResult:
    started = time.perf_counter()
    opts = options or AuditOptions()
    diags: list[Diagnostic] = []
    root, sources = walk(paths or ["."], opts.exclude, diags, opts.include_tests)
    if opts.use_pyproject:
        opts = control.merge_pyproject(root, opts)
        if opts.exclude or opts.include_tests:
            diags = []
            root, sources = walk(paths or ["."], opts.exclude, diags, opts.include_tests)
    rules = select(load_rules(live=False).values(), opts.select, opts.ignore)
    read = ReadState(Project(root), diagnostics=diags)
    loaded = load(sources, read)
    fresh = len(read.diagnostics)  # diagnostics after this point come from parsing and rules
    file_cache = _cache.FileCache.open(opts, root, rules, read.hashes)
    result = AuditResult(root=root, tool_version=_cache.tool_version())
    whole = file_cache.whole_run() if not opts.pip_audit else None
    if whole is not None:
        produced = whole.items
        texts = {sf.relpath: data.decode("utf-8", "replace") for sf, data in loaded}
        read.diagnostics.extend(whole.diagnostics)
        result.files_scanned, result.lines_scanned = whole.files, whole.lines
        result.not_applicable, result.parsers = set(whole.not_applicable), dict(whole.parsers)
    else:
        parse_loaded(loaded, read)
        project = read.project
        project.model = build_model(project)
        read.diagnostics.extend(
            Diagnostic("FB007", f"the Flask model could not read this file: {why}", path)
            for path, why in project.model.errors
        )
        module_items, other = _run_rules(project, rules, read.diagnostics, file_cache, opts)
        if opts.pip_audit:
            other.extend(control.run_pip_audit(project, read.diagnostics))
        produced = module_items + other
        texts = _texts(project)
        result.files_scanned, result.lines_scanned = read.files, read.lines
        result.not_applicable = set(project.model.not_applicable())
        result.parsers = dict(read.parsers)
        file_cache.put_whole_run(
            _cache.WholeRun(
                other, read.diagnostics[fresh:], read.files, read.lines,
                sorted(result.not_applicable), dict(read.parsers),
            )
        )  # fmt: skip
    file_cache.save()
    _collect(result, texts, produced, opts, read.diagnostics)
    result.diagnostics.extend(read.diagnostics)
    result.diagnostics.sort(key=lambda d: (d.path, d.line or 0, d.code))
    result.duration_seconds = time.perf_counter() - started
    return result


def _texts(project: Project) -> dict[str, str]:
    texts: dict[str, str] = {}
    for c in project.config_files:
        texts[c.path] = c.source
    for t in project.templates:
        texts[t.path] = t.source
    for f in project.python_files:
        texts[f.path] = f.source
    return texts


def _collect(
    result: AuditResult,
    texts: dict[str, str],
    produced: Iterable[Finding | Evidence],
    opts: AuditOptions,
    diags: list[Diagnostic],
) -> None:
    sources = _SourceLines(texts)
    suppressions = control.Suppressions(sources.text, diags)
    baseline = control.load_baseline(opts.baseline) if opts.baseline else frozenset()
    seen: set[tuple[object, ...]] = set()
    evidence_seen: set[tuple[object, ...]] = set()
    for item in produced:
        if isinstance(item, Evidence):
            ekey = (item.mitigation, item.message, item.location)
            if ekey not in evidence_seen:
                evidence_seen.add(ekey)
                result.evidence.append(item)
            continue
        finding = _with_snippet(item, sources)
        key = (finding.rule_id, finding.location, finding.message)
        if key in seen:
            continue
        seen.add(key)
        if finding.severity < opts.severity or finding.confidence < opts.confidence:
            continue
        if suppressions.suppresses(finding) or finding.fingerprint in baseline:
            result.suppressed += 1
            continue
        result.findings.append(finding)
    result.findings.sort(key=Finding.sort_key)


class _SourceLines:
    """Source text by path for snippets and suppression comments."""

    def __init__(self, texts: dict[str, str]) -> None:
        self._text = texts
        self._lines: dict[str, list[str]] = {}

    def text(self, path: str) -> str | None:
        return self._text.get(path)

    def line(self, path: str, number: int) -> str | None:
        if path not in self._lines:
            text = self._text.get(path)
            if text is None:
                return None
            self._lines[path] = text.splitlines()
        lines = self._lines[path]
        return lines[number - 1] if 0 < number <= len(lines) else None


def _with_snippet(finding: Finding, sources: _SourceLines) -> Finding:
    if finding.snippet is not None or finding.location is None:
        return finding
    line = sources.line(finding.location.path, finding.location.line)
    return replace(finding, snippet=line.rstrip()) if line is not None else finding


def iter_findings(result: AuditResult, rule_id: str) -> Iterator[Finding]:
    """The findings of one rule (a convenience for tests and reporters)."""
    return (f for f in result.findings if f.rule_id == rule_id)
