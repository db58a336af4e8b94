"""The M01-M23 catalogue, loaded from ``catalog.toml``.

Reports, docs and tests all read this one table, so a mitigation cannot be
described one way in the docs and checked another way by the auditor.
"""

from __future__ import annotations

import enum
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import Any

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on 3.10 only
    import tomli as tomllib


class ThreatSeverity(enum.IntEnum):
    """How bad the threat is when the mitigation is missing."""

    LOW = 1
    MEDIUM = 2
    HIGH = 3
    CRITICAL = 4


@dataclass(frozen=True)
class Threat:
    name: str
    severity: ThreatSeverity


@dataclass(frozen=True)
class Entry:
    """One catalogue entry; ``guard_enforced`` False means audit-only."""

    id: str
    title: str
    summary: str
    why: str
    threats: tuple[Threat, ...]
    guard_enforced: bool
    guard_settings: tuple[str, ...]
    guard_api: tuple[str, ...]
    guard_why_not: str | None
    rules: tuple[str, ...]
    cwe: tuple[int, ...]
    asvs: tuple[str, ...]

    @property
    def severity(self) -> ThreatSeverity:
        """The worst threat this entry mitigates."""
        return max(t.severity for t in self.threats)


def _entry(raw: Mapping[str, Any]) -> Entry:
    guard = raw["guard"]
    refs = raw["references"]
    return Entry(
        id=raw["id"],
        title=raw["title"],
        summary=raw["summary"],
        why=raw["why"],
        threats=tuple(
            Threat(t["name"], ThreatSeverity[t["severity"].upper()]) for t in raw["threats"]
        ),
        guard_enforced=bool(guard["enforced"]),
        guard_settings=tuple(guard.get("settings", ())),
        guard_api=tuple(guard.get("api", ())),
        guard_why_not=guard.get("why_not"),
        rules=tuple(raw["audit"]["rules"]),
        cwe=tuple(refs["cwe"]),
        asvs=tuple(refs["asvs"]),
    )


@cache
def load() -> Mapping[str, Entry]:
    """Return the catalogue keyed by id (``"M01"`` ... ``"M23"``), in order."""
    text = files("flask_bastion").joinpath("catalog.toml").read_text(encoding="utf-8")
    return {e["id"]: _entry(e) for e in tomllib.loads(text)["entry"]}


def get(entry_id: str) -> Entry:
    """Return one entry; a KeyError names the unknown id."""
    return load()[entry_id]
