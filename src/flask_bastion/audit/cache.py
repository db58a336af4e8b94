"""Per-file results cached between runs, keyed by content hash.

A MODULE rule's output for a file depends on the file's bytes, the tool
version and the rule selection — and, when a rule consulted the Flask model,
on the whole project (its digest is then part of the key). The cache is JSON
(never pickle: a scanned repository may ship a hostile cache directory) and
lives in ``$XDG_CACHE_HOME/flask-bastion`` (or ``--cache-dir``), one file per
scanned root. A corrupt or foreign cache file is ignored, never trusted.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .finding import Confidence, Diagnostic, Evidence, Finding, Location, Severity, TraceStep

if TYPE_CHECKING:
    from .engine import AuditOptions
    from .registry import Rule

CACHE_FORMAT = 2
_WHOLE = "\x00project"


@cache
def tool_version() -> str:
    try:
        from importlib.metadata import version

        return version("flask-bastion")
    except Exception:
        return "0+unknown"


@cache
def _code_stamp() -> str:
    """Sizes and mtimes of the auditor's own modules: an edited rule invalidates the cache."""
    here = Path(__file__).parent
    stats = []
    for path in sorted(here.rglob("*")):
        if path.suffix in (".py", ".toml", ".json"):
            st = path.stat()
            stats.append(f"{path.relative_to(here)}:{st.st_size}:{st.st_mtime_ns}")
    return digest("\n".join(stats).encode())


def digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def default_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(Path.home(), ".cache")
    return Path(base) / "flask-bastion"


@dataclass
class FileCache:
    """Module-rule results per file; a no-op when caching is off."""

    path: Path | None
    key: str
    project_digest: str
    hashes: Mapping[str, str]
    entries: dict[str, Any] = field(default_factory=dict)
    dirty: bool = False

    @classmethod
    def open(
        cls,
        options: AuditOptions,
        root: str,
        rules: Iterable[Rule],
        hashes: Mapping[str, str],
    ) -> FileCache:
        selection = ",".join(sorted(r.id for r in rules))
        key = digest(f"{CACHE_FORMAT}|{tool_version()}|{_code_stamp()}|{selection}".encode())
        project = digest("\n".join(f"{p}={h}" for p, h in sorted(hashes.items())).encode())
        if not options.cache:
            return cls(None, key, project, hashes)
        folder = Path(options.cache_dir) if options.cache_dir else default_dir()
        path = folder / f"{digest(os.path.abspath(root).encode())}.json"
        entries: dict[str, Any] = {}
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
            if isinstance(raw, dict) and raw.get("key") == key:
                entries = raw.get("files", {})
        except (OSError, ValueError):
            pass
        return cls(path, key, project, hashes, entries)

    def get(self, path: str) -> list[Finding | Evidence] | None:
        entry = self.entries.get(path) if self.path is not None else None
        if not isinstance(entry, dict) or entry.get("hash") != self.hashes.get(path):
            return None
        if entry.get("project") not in (None, self.project_digest):
            return None
        try:
            return [_load(item) for item in entry["items"]]
        except (KeyError, TypeError, ValueError):
            return None

    def put(self, path: str, items: list[Finding | Evidence], uses_project: bool = True) -> None:
        if self.path is None:
            return
        self.entries[path] = {
            "hash": self.hashes.get(path),
            "project": self.project_digest if uses_project else None,
            "items": [_dump(i) for i in items],
        }
        self.dirty = True

    def whole_run(self) -> WholeRun | None:
        """Everything from the last run when the project is byte-for-byte the same."""
        entry = self.entries.get(_WHOLE) if self.path is not None else None
        if not isinstance(entry, dict) or entry.get("project") != self.project_digest:
            return None
        try:
            items: list[Finding | Evidence] = []
            for path in entry["module_paths"]:
                hit = self.get(path)
                if hit is None:
                    return None
                items.extend(hit)
            other = [_load(i) for i in entry["other"]]
            diags = [Diagnostic(*d) for d in entry["diagnostics"]]
            return WholeRun(
                other, diags, int(entry["files"]), int(entry["lines"]),
                [str(n) for n in entry["not_applicable"]], dict(entry["parsers"]), items + other,
            )  # fmt: skip
        except (KeyError, TypeError, ValueError):
            return None

    def put_whole_run(self, run: WholeRun) -> None:
        if self.path is None:
            return
        module_paths = [
            p for p, e in self.entries.items()
            if p != _WHOLE and isinstance(e, dict) and e.get("hash") == self.hashes.get(p)
        ]  # fmt: skip
        self.entries[_WHOLE] = {
            "project": self.project_digest,
            "module_paths": module_paths,
            "other": [_dump(i) for i in run.other],
            "diagnostics": [[d.code, d.message, d.path, d.line] for d in run.diagnostics],
            "files": run.files,
            "lines": run.lines,
            "not_applicable": run.not_applicable,
            "parsers": run.parsers,
        }
        self.dirty = True

    def save(self) -> None:
        if self.path is None or not self.dirty:
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            tmp = self.path.with_suffix(f".{os.getpid()}.tmp")
            tmp.write_text(json.dumps({"key": self.key, "files": self.entries}), "utf-8")
            os.replace(tmp, self.path)
        except OSError:
            pass  # a read-only cache directory only costs speed


@dataclass
class WholeRun:
    """The project-wide part of a run, reusable when no file changed at all."""

    other: list[Finding | Evidence]
    diagnostics: list[Diagnostic]
    files: int
    lines: int
    not_applicable: list[str]
    parsers: dict[str, int]
    items: list[Finding | Evidence] = field(default_factory=list)
    """On load: every item (per-file module items + ``other``)."""


def _loc(data: Any) -> Location | None:
    return Location(*data) if data else None


def _loc_dump(loc: Location | None) -> list[Any] | None:
    if loc is None:
        return None
    return [loc.path, loc.line, loc.column, loc.end_line, loc.end_column]


def _dump(item: Finding | Evidence) -> dict[str, Any]:
    if isinstance(item, Evidence):
        return {"e": [item.mitigation, item.message, _loc_dump(item.location)]}
    return {
        "f": [
            item.rule_id,
            item.rule_name,
            item.mitigation,
            int(item.severity),
            int(item.confidence),
            list(item.cwe),
            item.message,
            item.fix,
            _loc_dump(item.location),
            [[_loc_dump(t.location), t.expression, t.note] for t in item.trace],
        ]
    }


def _load(data: dict[str, Any]) -> Finding | Evidence:
    if "e" in data:
        mitigation, message, loc = data["e"]
        return Evidence(mitigation, message, _loc(loc))
    rid, name, mit, sev, conf, cwe, msg, fix, loc, trace = data["f"]
    steps = tuple(TraceStep(_loc(t[0]) or Location(""), t[1], t[2]) for t in trace)
    return Finding(
        rid,
        name,
        mit,
        Severity(sev),
        Confidence(conf),
        tuple(cwe),
        msg,
        fix,
        _loc(loc),
        trace=steps,
    )
