"""One module per mitigation; each exposes ``install(app, state)``.

``Bastion.init_app`` calls them in ``INSTALL_ORDER``: events first (others
log through it), then the start-up refusals (secret, debug), then the
request-cycle layers from the outside in (transport before cookies and
sessions, CSRF after sessions so it can read the token, error pages last so
they catch everyone's errors).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from . import (
    autoescape,
    cookies,
    csrf,
    debug,
    dependencies,
    error_pages,
    events,
    headers,
    limits,
    ownership,
    ratelimit,
    secret_key,
    sessions,
    transport,
    uploads,
)

if TYPE_CHECKING:
    from flask import Flask

    from ..extension import BastionState

Installer = Callable[["Flask", "BastionState"], None]

INSTALL_ORDER: tuple[Installer, ...] = (
    events.install,
    secret_key.install,
    debug.install,
    dependencies.install,
    limits.install,
    autoescape.install,
    transport.install,
    cookies.install,
    sessions.install,
    headers.install,
    csrf.install,
    ratelimit.install,
    ownership.install,
    uploads.install,
    error_pages.install,
)
