"""The one result model shared by static rules, live probes and reporters.

Everything the auditor says is one of three things: a :class:`Finding` (a
mitigation is missing or broken, with a location and a fix), an
:class:`Evidence` (a mitigation is implemented, with where it is seen), or a
:class:`Diagnostic` (the auditor could not read something; never silent).
Reporters are pure functions of :class:`AuditResult`.
"""

from __future__ import annotations

import enum
import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from .. import catalog


class Severity(enum.IntEnum):
    """How bad the finding is; ordered so thresholds compare with ``>=``."""

    LOW = 1
    MEDIUM = 2
    HIGH = 3
    CRITICAL = 4

    @classmethod
    def parse(cls, text: str) -> Severity:
        return cls[text.strip().upper()]


class Confidence(enum.IntEnum):
    """How sure the rule is that the finding is real."""

    LOW = 1
    MEDIUM = 2
    HIGH = 3

    @classmethod
    def parse(cls, text: str) -> Confidence:
        return cls[text.strip().upper()]


@dataclass(frozen=True)
class Location:
    """A place in the scanned project. ``path`` is relative, POSIX style.

    Lines and columns are 1-based (as SARIF and editors count); ``column``
    0 means "the whole line".
    """

    path: str
    line: int = 1
    column: int = 0
    end_line: int | None = None
    end_column: int | None = None

    def __str__(self) -> str:
        return f"{self.path}:{self.line}" + (f":{self.column}" if self.column else "")


@dataclass(frozen=True)
class Probe:
    """Live evidence: the request sent and what came back (no secret values)."""

    method: str
    url: str
    status: int | None = None
    headers: tuple[tuple[str, str], ...] = ()
    note: str = ""

    def __str__(self) -> str:
        status = "no response" if self.status is None else str(self.status)
        return f"{self.method} {self.url} -> {status}"


@dataclass(frozen=True)
class TraceStep:
    """One hop of a data flow, source first: where and which expression."""

    location: Location
    expression: str
    note: str = ""


@dataclass(frozen=True)
class Finding:
    """A missing or broken mitigation, with where and how to fix it."""

    rule_id: str
    rule_name: str
    mitigation: str
    severity: Severity
    confidence: Confidence
    cwe: tuple[int, ...]
    message: str
    fix: str
    location: Location | None = None
    probe: Probe | None = None
    trace: tuple[TraceStep, ...] = ()
    snippet: str | None = None
    """The flagged source line(s), filled by the engine for reporters."""

    @property
    def kind(self) -> str:
        return "live" if self.probe is not None and self.location is None else "static"

    @property
    def fingerprint(self) -> str:
        """Stable across unrelated edits: rule, path and the flagged code, not the line."""
        anchor = (self.snippet or "").strip()
        where = self.location.path if self.location else (self.probe.url if self.probe else "")
        raw = "\x1f".join((self.rule_id, where, anchor, self.message if not anchor else ""))
        return hashlib.sha256(raw.encode("utf-8")).hexdigest()[:32]

    def sort_key(self) -> tuple[str, int, int, str]:
        loc = self.location
        return (
            loc.path if loc else "~",
            loc.line if loc else 0,
            loc.column if loc else 0,
            self.rule_id,
        )


@dataclass(frozen=True)
class Evidence:
    """A claim that a mitigation is implemented, and where it is seen."""

    mitigation: str
    message: str
    location: Location | None = None
    probe: Probe | None = None


@dataclass(frozen=True)
class Diagnostic:
    """The auditor could not fully read something (FB0xx); the run went on."""

    code: str
    message: str
    path: str
    line: int | None = None


class Status(str, enum.Enum):
    """The verdict per catalogue entry."""

    IMPLEMENTED = "implemented"
    MISSING = "missing"
    PARTIAL = "partial"
    NOT_APPLICABLE = "not applicable"
    UNKNOWN = "not determined"


@dataclass(frozen=True)
class MitigationVerdict:
    entry: catalog.Entry
    status: Status
    findings: tuple[Finding, ...]
    evidence: tuple[Evidence, ...]


@dataclass
class AuditResult:
    """Everything one run found; reporters read only this."""

    root: str
    findings: list[Finding] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    files_scanned: int = 0
    lines_scanned: int = 0
    duration_seconds: float = 0.0
    not_applicable: set[str] = field(default_factory=set)
    """Catalogue ids that do not apply (e.g. M10 in an app with no uploads)."""
    suppressed: int = 0
    tool_version: str = ""
    parsers: dict[str, int] = field(default_factory=dict)
    """Python files per parser that read them (``ast``, ``libcst-downlevel``)."""

    def extend(self, other: AuditResult) -> None:
        """Merge another run (live into static) into this one."""
        self.findings.extend(other.findings)
        self.evidence.extend(other.evidence)
        self.diagnostics.extend(other.diagnostics)
        self.files_scanned += other.files_scanned
        self.lines_scanned += other.lines_scanned
        self.not_applicable |= other.not_applicable
        self.suppressed += other.suppressed
        for name, count in other.parsers.items():
            self.parsers[name] = self.parsers.get(name, 0) + count

    def sorted_findings(self) -> list[Finding]:
        return sorted(self.findings, key=Finding.sort_key)

    def verdicts(self) -> list[MitigationVerdict]:
        """One verdict per catalogue entry, in catalogue order."""
        return [self._verdict(entry) for entry in catalog.load().values()]

    def _verdict(self, entry: catalog.Entry) -> MitigationVerdict:
        found = tuple(f for f in self.sorted_findings() if f.mitigation == entry.id)
        seen = tuple(e for e in self.evidence if e.mitigation == entry.id)
        if found and seen:
            status = Status.PARTIAL
        elif found:
            status = Status.MISSING
        elif seen:
            status = Status.IMPLEMENTED
        elif entry.id in self.not_applicable:
            status = Status.NOT_APPLICABLE
        else:
            status = Status.UNKNOWN
        return MitigationVerdict(entry, status, found, seen)


def worst(findings: Iterable[Finding]) -> Severity | None:
    """The highest severity among *findings*, None when there are none."""
    return max((f.severity for f in findings), default=None)


def counts_by_severity(findings: Iterable[Finding]) -> Mapping[Severity, int]:
    out = dict.fromkeys(Severity, 0)
    for f in findings:
        out[f.severity] += 1
    return out
