"""M20: one structured stream of security events, redacted.

Every mitigation reports through :func:`security_event` so operators have a
single logger (``BASTION_EVENT_LOGGER``) to ship and alert on: logins and
their failures, CSRF refusals, rate-limit hits, refused uploads, expired
sessions, configuration relaxations.

Redaction works at two levels, because secrets leak through both:

* by **field name** — any field called like ``password``, ``token``,
  ``cookie``, ``authorization``, ``secret`` ... is replaced, at any depth;
* by **value** — ``Bearer …`` / ``Basic …`` credentials, ``password=…``
  pairs inside free text, JSON web tokens, and any value equal to the
  current app's ``SECRET_KEY`` (or a fallback key), a cookie of the current
  request, or its ``Authorization`` header.

:class:`RedactingFilter` applies the same rules to *any* log record, so an
app can attach it to its own handlers and get the same guarantee for log
lines the guard never sees. What it does **not** do: recognise a secret
that has no secret-looking name, no known shape and is not one of the
values above (a password logged as ``"hunter2"`` on its own is just text).
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterable, Mapping
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

from flask import current_app, has_app_context, has_request_context, request

if TYPE_CHECKING:
    from flask import Flask

    from ..extension import BastionState

DEFAULT_LOGGER = "flask_bastion.security"
REDACTED = "[redacted]"

_SECRET_NAME_PARTS = (
    "password",
    "passwd",
    "passphrase",
    "secret",
    "token",
    "csrf",
    "cookie",
    "authorization",
    "api_key",
    "apikey",
    "api-key",
    "session",
    "private_key",
    "credential",
)
# Known secret values shorter than this are not searched for inside text:
# replacing every "1" in a message would hide the log without protecting anything.
_MIN_KNOWN_SECRET_LEN = 8
_NAME_PATTERN = "|".join(re.escape(p) for p in _SECRET_NAME_PARTS)
_VALUE_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    # Authorization schemes: "Bearer abc.def", "Basic dXNlcjpwYXNz"
    (re.compile(r"\b(Bearer|Basic|Digest|Token)\s+[A-Za-z0-9._~+/=-]+", re.I), r"\1 " + REDACTED),
    # "password=hunter2", "api_key: abc", "Cookie: session=..." in free text
    (
        re.compile(rf"(\b[\w-]*(?:{_NAME_PATTERN})[\w-]*\s*[=:]\s*)([^\s&,;\"']+)", re.I),
        r"\1" + REDACTED,
    ),
    # JSON or Python reprs: '"password": "hunter2"', "{'token': 'abc'}"
    (
        re.compile(
            rf"""(['"][\w-]*(?:{_NAME_PATTERN})[\w-]*['"]\s*:\s*)(['"])(?:(?!\2).)*\2""", re.I
        ),
        r"\1\2" + REDACTED + r"\2",
    ),
    # JSON web tokens and other three-part signed blobs starting with base64 '{"'
    (re.compile(r"\beyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}"), REDACTED),
)


def _looks_secret(name: str) -> bool:
    lowered = name.lower()
    return any(part in lowered for part in _SECRET_NAME_PARTS)


def _known_secrets() -> list[str]:
    """Values of the current context that must never appear in a log line."""
    found: list[str] = []
    if has_app_context():
        config = current_app.config
        keys: list[Any] = [config.get("SECRET_KEY")]
        keys.extend(config.get("SECRET_KEY_FALLBACKS") or ())
        found.extend(k.decode("latin-1") if isinstance(k, bytes) else k for k in keys if k)
    if has_request_context():
        found.extend(request.cookies.values())
        found.extend(v for k, v in request.headers.items() if k.lower() in _SECRET_HEADERS)
        found.extend(_submitted_secrets())
    # Longest first, so a cookie containing a shorter secret is replaced whole.
    return sorted(
        {s for s in found if isinstance(s, str) and len(s) >= _MIN_KNOWN_SECRET_LEN},
        key=len,
        reverse=True,
    )


def _submitted_secrets() -> list[str]:
    """Secret-named query and form values; the form only if the view already parsed it."""
    sources: list[Any] = [request.args]
    form = request.__dict__.get("form")  # werkzeug caches the parsed form here
    if form is not None:
        sources.append(form)
    return [v for source in sources for k, v in source.items(multi=True) if _looks_secret(k)]


_SECRET_HEADERS = frozenset({"authorization", "cookie", "proxy-authorization", "x-csrftoken"})


def redact_text(text: str, known: Iterable[str] | None = None) -> str:
    """Return *text* with credential shapes and known secret values replaced."""
    for secret in _known_secrets() if known is None else known:
        if secret in text:
            text = text.replace(secret, REDACTED)
    for pattern, replacement in _VALUE_PATTERNS:
        text = pattern.sub(replacement, text)
    return text


def _redact_value(value: Any, known: list[str]) -> Any:
    if isinstance(value, str):
        return redact_text(value, known)
    if isinstance(value, Mapping):
        return _redact_mapping(value, known)
    if isinstance(value, (list, tuple, set, frozenset)):
        return [_redact_value(v, known) for v in value]
    return value


def _redact_mapping(fields: Mapping[Any, Any], known: list[str]) -> dict[str, Any]:
    return {
        str(k): (REDACTED if _looks_secret(str(k)) else _redact_value(v, known))
        for k, v in fields.items()
    }


def redact(fields: Mapping[str, Any]) -> dict[str, Any]:
    """Return *fields* with every secret-looking name or value replaced.

    Nested mappings and sequences are walked; the input is not modified.
    """
    return _redact_mapping(fields, _known_secrets())


def _request_fields() -> dict[str, Any]:
    """Who and where, for correlation; never the query string or the body."""
    if not has_request_context():
        return {}
    return {"ip": request.remote_addr, "method": request.method, "endpoint": request.endpoint}


def _logger_name() -> str:
    if has_app_context():
        return str(current_app.config.get("BASTION_EVENT_LOGGER") or DEFAULT_LOGGER)
    return DEFAULT_LOGGER


def _one_line(value: Any) -> str:
    """Escape line breaks so a field cannot forge a second log line (CWE-117)."""
    return str(value).replace("\\", "\\\\").replace("\r", "\\r").replace("\n", "\\n")


def _emit(logger_name: str, name: str, level: int, fields: Mapping[str, Any]) -> None:
    clean = redact(fields)
    logging.getLogger(logger_name).log(
        level,
        "%s %s",
        _one_line(name),
        " ".join(f"{_one_line(k)}={_one_line(v)}" for k, v in clean.items()),
        # Already clean: RedactingFilter skips the second pass on this record.
        extra={"bastion_event": name, "bastion_fields": clean, "bastion_redacted": True},
    )


def security_event(name: str, level: int = logging.WARNING, **fields: Any) -> None:
    """Log the security event *name* (``csrf.failure``, ``login.failed``, ...).

    *fields* are redacted (see the module docstring) and, inside a request,
    followed by the client ``ip``, ``method`` and ``endpoint``. The record
    carries ``bastion_event`` and ``bastion_fields`` attributes for handlers
    and :class:`JsonEventFormatter`.
    """
    context = {k: v for k, v in _request_fields().items() if v is not None and k not in fields}
    _emit(_logger_name(), name, level, {**fields, **context})


class RedactingFilter(logging.Filter):
    """A logging filter that redacts any record, not only security events.

    Attach it to a handler to cover every logger that writes through it::

        handler.addFilter(RedactingFilter())

    The formatted message replaces ``msg``/``args`` (so ``%`` arguments are
    redacted too), and extra ``bastion_fields`` are redacted by name and value.
    The record is never dropped: the filter only rewrites.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "bastion_redacted", False) and not record.exc_info:
            return True
        known = _known_secrets()
        try:
            message = record.getMessage()
        except (TypeError, ValueError):  # a broken %-format: keep the raw text
            message = str(record.msg)
        record.msg = redact_text(message, known)
        record.args = None
        fields = getattr(record, "bastion_fields", None)
        if isinstance(fields, Mapping):
            record.bastion_fields = _redact_mapping(fields, known)
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact_text(record.exc_text, known)
        return True


class JsonEventFormatter(logging.Formatter):
    """One JSON object per line: ``ts``, ``level``, ``logger``, ``event``,
    ``message``, ``fields`` (and ``exc`` when there is a traceback).

    Log shippers index the fields without parsing free text; the message is
    kept for humans. Pair it with :class:`RedactingFilter` on the handler.
    """

    def format(self, record: logging.LogRecord) -> str:
        payload: dict[str, Any] = {
            "ts": datetime.fromtimestamp(record.created, tz=timezone.utc).isoformat(),
            "level": record.levelname,
            "logger": record.name,
            "event": getattr(record, "bastion_event", None),
            "message": record.getMessage(),
            "fields": getattr(record, "bastion_fields", {}),
        }
        if record.exc_info and not record.exc_text:
            record.exc_text = self.formatException(record.exc_info)
        if record.exc_text:
            payload["exc"] = record.exc_text
        return json.dumps(payload, default=str, sort_keys=True)


class _JsonHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """The handler installed by ``BASTION_EVENTS_JSON``; a class so it is found again."""


def _ensure_filter(logger: logging.Logger) -> None:
    if not any(isinstance(f, RedactingFilter) for f in logger.filters):
        logger.addFilter(RedactingFilter())


def _ensure_json_handler(logger: logging.Logger) -> None:
    if any(isinstance(h, _JsonHandler) for h in logger.handlers):
        return
    handler = _JsonHandler()
    handler.setFormatter(JsonEventFormatter())
    handler.addFilter(RedactingFilter())
    logger.addHandler(handler)


def install(app: Flask, state: BastionState) -> None:
    """Redact the event logger, add the JSON handler if asked, log relaxations.

    The filter sits on the event logger itself, so every record logged there
    (by the guard or by the app) is redacted before any handler sees it.
    """
    logger_name = str(app.config.get("BASTION_EVENT_LOGGER") or DEFAULT_LOGGER)
    logger = logging.getLogger(logger_name)
    _ensure_filter(logger)
    if app.config.get("BASTION_EVENTS_JSON"):
        _ensure_json_handler(logger)
    if state.relaxed:
        with app.app_context():
            _emit(
                logger_name,
                "config.relaxed",
                logging.WARNING,
                {"profile": state.profile.value, "settings": ",".join(state.relaxed)},
            )
