"""M20: one structured stream of security events, redacted.

Every mitigation reports through :func:`security_event` so operators have a
single logger (``BASTION_EVENT_LOGGER``) to ship and alert on. Field values
whose names look secret are replaced before they reach any handler.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from flask import current_app, has_app_context

if TYPE_CHECKING:
    from flask import Flask

    from ..extension import BastionState

DEFAULT_LOGGER = "flask_bastion.security"
REDACTED = "[redacted]"
_SECRET_NAME_PARTS = (
    "password",
    "passwd",
    "secret",
    "token",
    "csrf",
    "cookie",
    "authorization",
    "api_key",
    "apikey",
    "session",
    "private_key",
    "credential",
)


def _looks_secret(name: str) -> bool:
    lowered = name.lower()
    return any(part in lowered for part in _SECRET_NAME_PARTS)


def redact(fields: Mapping[str, Any]) -> dict[str, Any]:
    """Return *fields* with every secret-looking value replaced."""
    return {k: (REDACTED if _looks_secret(k) else v) for k, v in fields.items()}


def security_event(name: str, level: int = logging.WARNING, **fields: Any) -> None:
    """Log the security event *name* (``csrf.failure``, ``login.failed``, ...)."""
    logger_name = DEFAULT_LOGGER
    if has_app_context():
        logger_name = current_app.config.get("BASTION_EVENT_LOGGER", DEFAULT_LOGGER)
    clean = redact(fields)
    logging.getLogger(logger_name).log(
        level,
        "%s %s",
        name,
        " ".join(f"{k}={v}" for k, v in clean.items()),
        extra={"bastion_event": name, "bastion_fields": clean},
    )


def install(app: Flask, state: BastionState) -> None:
    """Nothing to wire per request yet; the stream is used by the others."""
