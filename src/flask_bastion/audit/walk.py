"""Which files of a tree the auditor reads, and as what.

Skips what is never the project's own code (virtual environments, VCS
folders, build output, caches, ``node_modules``), what ``.gitignore`` says,
and ``--exclude`` globs. Symlinks to directories are not followed (no loops
by construction); a symlinked file that points nowhere or is unreadable is a
diagnostic (FB005), never a crash.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from fnmatch import fnmatch
from pathlib import Path
from typing import Any

from .finding import Diagnostic
from .parse.config import config_kind

SKIP_DIRS = frozenset(
    {
        ".git", ".hg", ".svn", ".bzr", "_darcs", ".venv", "venv", "env", ".env",
        "virtualenv", ".virtualenv", "node_modules", "bower_components", "build",
        "dist", "__pycache__", "site-packages", "dist-packages", ".tox", ".nox",
        ".mypy_cache", ".pytest_cache", ".ruff_cache", ".hypothesis", ".eggs",
        ".bastion-cache", ".idea", ".vscode", "htmlcov", ".cache", ".direnv",
    }
)  # fmt: skip
TEMPLATE_SUFFIXES = (".html", ".htm", ".jinja", ".jinja2", ".j2", ".xml", ".txt")
JINJA_ANYWHERE = (".jinja", ".jinja2", ".j2")
PYTHON_SUFFIXES = (".py", ".pyw")


@dataclass(frozen=True)
class SourceFile:
    """A file to read: absolute path, path relative to its root, and what it is."""

    abspath: str
    relpath: str
    kind: str
    """``python``, ``template`` or ``config``."""
    config_kind: str | None = None
    template_name: str | None = None


def classify(relpath: str) -> list[SourceFile]:
    """What *relpath* is to the auditor (a gunicorn.conf.py is Python and config)."""
    parts = relpath.split("/")
    name = parts[-1]
    out: list[SourceFile] = []
    kind = config_kind(name)
    lower = name.lower()
    if lower.endswith(PYTHON_SUFFIXES):
        out.append(SourceFile("", relpath, "python"))
    in_templates = "templates" in parts[:-1]
    is_template = (in_templates and lower.endswith(TEMPLATE_SUFFIXES)) or lower.endswith(
        JINJA_ANYWHERE
    )
    if is_template and kind != "requirements":
        start = len(parts) - 1 - parts[:-1][::-1].index("templates") if in_templates else 0
        name = "/".join(parts[start:]) if in_templates else parts[-1]
        out.append(SourceFile("", relpath, "template", template_name=name))
        return out
    if kind is not None:
        out.append(SourceFile("", relpath, "config", config_kind=kind))
    return out


TEST_DIRS = frozenset({"tests", "test"})
_TEST_MARKERS = (b"import pytest", b"from pytest", b"import unittest", b"from unittest",
                 b"def test_", b".test_client(")  # fmt: skip
_TEST_PEEK = 16_384


def is_test_code(abspath: str | os.PathLike[str], relpath: str) -> bool:
    """Test suites are not the app: their fixture apps and hard-coded keys are noise.

    A Python file counts as test code when its path says so (``conftest.py``,
    ``test_*.py``, ``*_test.py``, or a ``tests``/``test`` folder) *and* it reads
    like a test (imports pytest or unittest, defines ``test_`` functions or
    drives a test client). A sample app that merely lives in a folder named
    ``tests`` is still audited.
    """
    parts = relpath.split("/")
    name = parts[-1]
    if not name.endswith(PYTHON_SUFFIXES):
        return False
    if name == "conftest.py":
        return True
    if not (name.startswith("test_") or name.endswith("_test.py") or TEST_DIRS & set(parts[:-1])):
        return False
    try:
        with open(abspath, "rb") as handle:
            head = handle.read(_TEST_PEEK)
    except OSError:
        return False
    return any(marker in head for marker in _TEST_MARKERS)


def _gitignore(root: Path) -> Any:
    path = root / ".gitignore"
    try:
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return None
    import pathspec

    return pathspec.GitIgnoreSpec.from_lines(lines)


def _excluded(relpath: str, excludes: Sequence[str]) -> bool:
    name = relpath.rsplit("/", 1)[-1]
    return any(
        fnmatch(relpath, pat) or fnmatch(name, pat) or fnmatch(relpath, pat.rstrip("/") + "/*")
        for pat in excludes
    )


def walk(
    paths: Iterable[str | os.PathLike[str]],
    excludes: Sequence[str] = (),
    diagnostics: list[Diagnostic] | None = None,
    include_tests: bool = False,
) -> tuple[str, list[SourceFile]]:
    """Files under *paths*, relative to their common root, sorted; plus the root.

    Test code (:func:`is_test_code`) is left out unless *include_tests*; one
    FB009 diagnostic says how many files that was, so the skip is never silent.
    """
    roots = [Path(p).absolute() for p in paths] or [Path.cwd()]
    base = _common_root(roots)
    out: dict[str, SourceFile] = {}
    skipped: list[str] = []
    diags = diagnostics if diagnostics is not None else []
    for root in roots:
        if root.is_file():
            for sf in classify(_rel(root, base)):
                out.setdefault(sf.relpath + sf.kind, _with_abs(sf, root))
            continue
        if not root.exists():
            diags.append(Diagnostic("FB005", "path does not exist", _rel(root, base)))
            continue
        for abspath, rel in _iter_tree(root, base, excludes, diags):
            if not include_tests and is_test_code(abspath, rel):
                skipped.append(rel)
                continue
            for sf in classify(rel):
                out.setdefault(sf.relpath + sf.kind, _with_abs(sf, abspath))
    if skipped:
        diags.append(
            Diagnostic(
                "FB009",
                f"{len(skipped)} test file(s) not audited (use --include-tests to audit them)",
                skipped[0],
            )
        )
    return str(base), sorted(out.values(), key=lambda s: (s.relpath, s.kind))


def _iter_tree(
    root: Path, base: Path, excludes: Sequence[str], diags: list[Diagnostic]
) -> Iterator[tuple[Path, str]]:
    specs: list[tuple[str, Any]] = []  # (folder relative to root, its .gitignore)

    def onerror(exc: OSError) -> None:
        where = _rel(Path(exc.filename), base) if exc.filename else _rel(root, base)
        diags.append(Diagnostic("FB005", f"unreadable: {exc.strerror or exc}", where))

    def ignored(rel: str) -> bool:
        for folder, spec in specs:
            if folder == ".":
                if spec.match_file(rel):
                    return True
            elif rel.startswith(folder + "/") and spec.match_file(rel[len(folder) + 1 :]):
                return True
        return False

    for dirpath, dirnames, filenames in os.walk(root, onerror=onerror):
        here = Path(dirpath)
        rel_dir = _rel(here, root)
        spec = _gitignore(here) if ".gitignore" in filenames else None
        if spec is not None:
            specs.append((rel_dir, spec))
        keep = []
        for d in sorted(dirnames):
            rel = f"{rel_dir}/{d}" if rel_dir != "." else d
            if d in SKIP_DIRS or d.endswith(".egg-info") or _excluded(rel, excludes):
                continue
            if ignored(rel + "/"):
                continue
            if (here / d).is_symlink():
                _symlinked_dir(here / d, base, diags)
                continue  # never followed: no loops, no escaping the tree
            keep.append(d)
        dirnames[:] = keep
        for name in sorted(filenames):
            rel = f"{rel_dir}/{name}" if rel_dir != "." else name
            if _excluded(rel, excludes) or ignored(rel):
                continue
            path = here / name
            if path.is_symlink() and not os.path.exists(path):
                why = "symlink loop" if _loops(path) else "dangling symlink"
                diags.append(Diagnostic("FB005", f"{why}; not read", _rel(path, base)))
                continue
            yield path, _rel(path, base)


def _loops(path: Path) -> bool:
    try:
        path.resolve(strict=True)
    except RuntimeError:
        return True
    except OSError as exc:
        return "loop" in str(exc).lower() or getattr(exc, "errno", None) == 40
    return False


def _symlinked_dir(path: Path, base: Path, diags: list[Diagnostic]) -> None:
    """A directory link pointing at one of its own ancestors is a loop: say so."""
    target = os.path.realpath(path)
    parent = os.path.realpath(path.parent)
    if parent == target or parent.startswith(target.rstrip(os.sep) + os.sep):
        diags.append(
            Diagnostic(
                "FB005", "symlink loop (points at an ancestor); not followed", _rel(path, base)
            )
        )


def _common_root(roots: list[Path]) -> Path:
    dirs = [r if r.is_dir() else r.parent for r in roots]
    return Path(os.path.commonpath([str(d) for d in dirs])) if dirs else Path.cwd()


def _rel(path: Path, base: Path) -> str:
    try:
        return path.relative_to(base).as_posix()
    except ValueError:
        return path.as_posix()


def _with_abs(sf: SourceFile, abspath: Path) -> SourceFile:
    return SourceFile(str(abspath), sf.relpath, sf.kind, sf.config_kind, sf.template_name)


def module_name(relpath: str) -> str:
    """Dotted module name for a relative path (``src/`` layouts unwrapped)."""
    parts = relpath[: -len(Path(relpath).suffix)].split("/")
    if parts and parts[-1] == "__init__":
        parts = parts[:-1]
    if len(parts) > 1 and parts[0] == "src":
        parts = parts[1:]
    return ".".join(parts)
