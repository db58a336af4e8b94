"""What every live rule module shares: the result type and config evidence."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..finding import Evidence, Finding, Probe

if TYPE_CHECKING:
    from flask import Flask

    from .target import LiveTarget

Result = Iterator["Finding | Evidence"]


def app_of(target: LiveTarget) -> Flask | None:
    """The imported app, or None on a ``--url`` run (config rules then say nothing)."""
    return target.app


def config_probe(target: LiveTarget, key: str) -> Probe:
    """Evidence for a configuration finding: where the value was read, never the value."""
    return Probe("IMPORT", target.label, note=f"app.config[{key!r}] after init_app")
