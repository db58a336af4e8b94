"""M18: warn at start-up when the Pallets stack is below the security floor.

Known vulnerabilities in the framework are the cheapest attacks there are.
:data:`FLOOR` is the lowest release of each package that has every known
security fix; the auditor's advisory table imports it, so the guard and the
auditor agree. Only a warning: a pinned old version may be a deliberate,
reviewed choice, and refusing to start would take a site down for a
version string.

Limits: this knows only the packages in :data:`FLOOR` and only the floor,
not every advisory; ``pip-audit`` (``flask-bastion[audit]``) covers the rest.
"""

from __future__ import annotations

import functools
import logging
import re
import warnings
from collections.abc import Mapping
from importlib import metadata
from types import MappingProxyType
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from flask import Flask

    from ..extension import BastionState

log = logging.getLogger("flask_bastion")

FLOOR: Mapping[str, str] = MappingProxyType(
    {
        "flask": "3.1.3",
        "werkzeug": "3.1.6",
        "jinja2": "3.1.6",
    }
)
"""Distribution name -> lowest release with every known security fix."""

_RELEASE = re.compile(r"(\d+(?:\.\d+)*)(.*)")
_PRE_RELEASE = re.compile(r"^[.\-_]?(a|b|c|rc|alpha|beta|pre|preview|dev)", re.IGNORECASE)


class SecurityFloorWarning(UserWarning):
    """An installed package is older than its security floor."""


class Outdated(NamedTuple):
    """One package below the floor."""

    name: str
    installed: str
    floor: str


def below_floor(versions: Mapping[str, str], floor: Mapping[str, str] = FLOOR) -> list[Outdated]:
    """The packages of *versions* (name -> installed version) below *floor*.

    A pure function: tests and the auditor pass any versions they like.
    Pre-releases of the floor version (``3.1.3rc1``) count as below it;
    names missing from *versions* are not judged.
    """
    found = []
    for name, minimum in floor.items():
        installed = versions.get(name)
        if installed is not None and _key(installed) < _key(minimum):
            found.append(Outdated(name, installed, minimum))
    return found


def installed_versions(names: tuple[str, ...] = tuple(FLOOR)) -> dict[str, str]:
    """The installed version of each of *names* that is installed."""
    return dict(_installed(names))


@functools.cache
def _installed(names: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    found = []
    for name in names:
        try:
            found.append((name, metadata.version(name)))
        except metadata.PackageNotFoundError:
            continue
    return tuple(found)


def _key(version: str) -> tuple[tuple[int, ...], int]:
    """Release numbers (trailing zeros dropped) and 1 for a final release, 0 for a pre."""
    match = _RELEASE.match(version.strip().lstrip("vV"))
    if match is None:
        return ((), 0)
    numbers = [int(part) for part in match.group(1).split(".")]
    while numbers and numbers[-1] == 0:
        numbers.pop()
    final = 0 if _PRE_RELEASE.match(match.group(2)) else 1
    return (tuple(numbers), final)


def install(app: Flask, state: BastionState) -> None:
    """Log and warn once per app for each package below the floor."""
    if not app.config["BASTION_CHECK_DEPENDENCIES"]:
        return
    for item in below_floor(installed_versions()):
        message = (
            f"flask-bastion: {item.name} {item.installed} is below the security floor "
            f"{item.floor}; upgrade with `pip install -U '{item.name}>={item.floor}'` "
            "(BASTION_CHECK_DEPENDENCIES=False silences this)"
        )
        log.warning(message)
        warnings.warn(message, SecurityFloorWarning, stacklevel=2)
