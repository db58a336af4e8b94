"""Read the walked files once: bytes, hashes, parse trees, and what could not be read.

Every problem becomes a :class:`~.finding.Diagnostic` (FB002 undecodable or
binary, FB003 too big, FB004 template syntax, FB005 unreadable, FB001 Python
syntax); nothing here raises on bad input. Parsing is serial on purpose:
shipping an ``ast`` tree back from a worker (pickle) costs more than parsing.
"""

from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from . import cache as _cache
from .finding import Diagnostic
from .parse.config import parse_config
from .parse.jinja import parse_template
from .parse.python import ParsedPython, parse_python
from .project import ConfigFile, Project, PythonFile, TemplateFile
from .walk import SourceFile, module_name

MAX_FILE_BYTES = 5 * 1024 * 1024
"""Files bigger than this are skipped with FB003: generated or vendored, not written."""


@dataclass
class ReadState:
    """Everything read from the tree before rules run."""

    project: Project
    hashes: dict[str, str] = field(default_factory=dict)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    lines: int = 0
    files: int = 0
    parsers: dict[str, int] = field(default_factory=lambda: defaultdict(int))


def _read_bytes(sf: SourceFile, diags: list[Diagnostic]) -> bytes | None:
    try:
        size = os.path.getsize(sf.abspath)
        if size > MAX_FILE_BYTES:
            diags.append(
                Diagnostic(
                    "FB003",
                    f"file is {size // 1024} KiB, over the {MAX_FILE_BYTES // 1024} KiB limit;"
                    " skipped (generated or vendored code?)",
                    sf.relpath,
                )
            )
            return None
        with open(sf.abspath, "rb") as handle:
            return handle.read()
    except OSError as exc:
        diags.append(Diagnostic("FB005", f"unreadable: {exc.strerror or exc}", sf.relpath))
        return None


def _parse_job(job: tuple[str, bytes]) -> ParsedPython:
    path, data = job
    return parse_python(data, path)


def load(sources: Sequence[SourceFile], read: ReadState) -> list[tuple[SourceFile, bytes]]:
    """Read every file's bytes once and hash them (the cache key)."""
    loaded = []
    for sf in sources:
        data = _read_bytes(sf, read.diagnostics)
        if data is not None:
            read.hashes[sf.relpath] = _cache.digest(data)
            loaded.append((sf, data))
    return loaded


def parse_loaded(loaded: list[tuple[SourceFile, bytes]], read: ReadState) -> None:
    """Parse what :func:`load` read into ``read.project`` (Python, templates, config)."""
    python_jobs: list[tuple[SourceFile, bytes]] = []
    for sf, data in loaded:
        if sf.kind == "python":
            python_jobs.append((sf, data))
        elif sf.kind == "template":
            _read_template(sf, data, read)
        else:
            _read_config(sf, data, read)
    parsed = _parse_many([(sf.relpath, data) for sf, data in python_jobs])
    for (sf, _), outcome in zip(python_jobs, parsed, strict=True):
        read.files += 1
        if outcome.tree is None or outcome.source is None:
            read.diagnostics.append(
                Diagnostic(
                    outcome.error_code or "FB001",
                    _parse_error_message(outcome),
                    sf.relpath,
                    outcome.error_line,
                )
            )
            continue
        read.lines += outcome.source.count("\n") + 1
        read.parsers[outcome.parser] += 1
        read.project.python_files.append(
            PythonFile(
                sf.relpath, module_name(sf.relpath), outcome.source, outcome.tree, outcome.parser
            )
        )


def _parse_error_message(outcome: ParsedPython) -> str:
    if outcome.error_code == "FB002":
        return f"cannot decode the file: {outcome.error}"
    hint = ""
    if "print" in outcome.error or "Missing parentheses" in outcome.error:
        hint = " (Python 2 code?)"
    elif "indent" in outcome.error.lower() or "tab" in outcome.error.lower():
        hint = " (tabs and spaces mixed?)"
    return f"syntax error: {outcome.error}{hint}; the file was not audited"


def _parse_many(jobs_in: list[tuple[str, bytes]]) -> list[ParsedPython]:
    return [_parse_job(j) for j in jobs_in]


def _decode_text(sf: SourceFile, data: bytes, read: ReadState) -> str | None:
    if b"\x00" in data:
        read.diagnostics.append(Diagnostic("FB002", "binary file (contains NUL bytes)", sf.relpath))
        return None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        read.diagnostics.append(
            Diagnostic("FB002", f"not valid UTF-8 ({exc.reason} at byte {exc.start})", sf.relpath)
        )
        return None


def _read_template(sf: SourceFile, data: bytes, read: ReadState) -> None:
    text = _decode_text(sf, data, read)
    if text is None:
        return
    read.files += 1
    read.lines += text.count("\n") + 1
    parsed = parse_template(text, sf.template_name or sf.relpath)
    if parsed.tree is None:
        read.diagnostics.append(
            Diagnostic(
                "FB004", f"template syntax error: {parsed.error}", sf.relpath, parsed.error_line
            )
        )
    name = sf.template_name or sf.relpath
    read.project.templates.append(TemplateFile(sf.relpath, name, text, parsed.tree))


def _read_config(sf: SourceFile, data: bytes, read: ReadState) -> None:
    text = _decode_text(sf, data, read)
    if text is None:
        return
    kind = sf.config_kind or "ini"
    read.files += 1
    read.lines += text.count("\n") + 1
    data_parsed = parse_config(kind, Path(sf.relpath).name, text)
    read.project.config_files.append(ConfigFile(sf.relpath, kind, text, data_parsed))


# --------------------------------------------------------------------------- running
