"""M23: request size and form parsing limits.

Flask reads any body size by default (``MAX_CONTENT_LENGTH = None``), so one
client can exhaust memory or disk with a single upload. The guard fills
``MAX_CONTENT_LENGTH``, ``MAX_FORM_MEMORY_SIZE`` and ``MAX_FORM_PARTS`` from
the ``BASTION_MAX_*`` keys wherever the app left Flask's default; a body
over the limit is a 413, answered by the generic error page.

Limits: a value equal to Flask's default counts as "left at the default"
and is replaced. ``BASTION_MAX_*`` set to None keeps Flask's behaviour for
that limit (unbounded for ``MAX_CONTENT_LENGTH``). Streaming views that read
``request.stream`` themselves must still stop reading early.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import TYPE_CHECKING

from ..errors import ConfigurationError

if TYPE_CHECKING:
    from flask import Flask

    from ..extension import BastionState

log = logging.getLogger("flask_bastion")

LIMITS: Mapping[str, str] = {
    "BASTION_MAX_CONTENT_LENGTH": "MAX_CONTENT_LENGTH",
    "BASTION_MAX_FORM_MEMORY_SIZE": "MAX_FORM_MEMORY_SIZE",
    "BASTION_MAX_FORM_PARTS": "MAX_FORM_PARTS",
}
"""Each guard key and the Flask key it fills."""


def install(app: Flask, state: BastionState) -> None:
    """Copy each ``BASTION_MAX_*`` value to its Flask key when the app set none."""
    for bastion_key, flask_key in LIMITS.items():
        value = app.config[bastion_key]
        if value is None:
            log.warning("flask-bastion: %s is None; %s is left to the app", bastion_key, flask_key)
            continue
        if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
            raise ConfigurationError(
                bastion_key,
                f"expected a positive whole number or None, got {value!r}",
                "use a number of bytes (parts for MAX_FORM_PARTS), e.g. 16777216 for "
                "16 MiB, or None to leave the limit to the app",
            )
        if app.config.get(flask_key) == app.default_config[flask_key]:
            app.config[flask_key] = value
