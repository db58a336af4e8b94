"""M07: debug mode and the Werkzeug debugger never run in production.

The debugger is a Python console in the browser: reaching it is remote code
execution, and debug tracebacks show source and configuration. Under
``BASTION_FORBID_DEBUG`` (production) the guard refuses at ``init_app``
when ``app.debug``/``DEBUG``, ``FLASK_DEBUG`` or a ``DebuggedApplication``
is found; it also refuses a later ``app.run(debug=True)`` and, on the first
request, any of these switched on after start-up (every request is then a
generic 500 until the process is fixed).

What this does not catch: a debugger mounted by a WSGI server outside the
app object (``werkzeug.serving.run_simple(..., use_debugger=True)`` on a
bare app), or ``FLASK_DEBUG`` loaded from a ``.env`` file by ``app.run``
after the check (the first-request check catches that one).
"""

from __future__ import annotations

import functools
import logging
from typing import TYPE_CHECKING, Any

from flask.helpers import get_debug_flag
from werkzeug.debug import DebuggedApplication
from werkzeug.exceptions import InternalServerError

from ..errors import ConfigurationError
from ._first_request import on_first_request

if TYPE_CHECKING:
    from flask import Flask

    from ..extension import BastionState

log = logging.getLogger("flask_bastion")

_FIX = (
    "run locally with BASTION_PROFILE=development (e.g. `BASTION_PROFILE=development "
    "flask run --debug`); in production unset DEBUG and FLASK_DEBUG and serve with "
    "gunicorn behind a proxy"
)
_RISK = "the Werkzeug debugger is remote code execution and tracebacks leak source and config"
_MAX_WRAPPERS = 16


def install(app: Flask, state: BastionState) -> None:
    """Refuse debug now, on ``app.run`` and on the first request."""
    if not app.config["BASTION_FORBID_DEBUG"]:
        return
    found = debug_found(app)
    if found:
        raise ConfigurationError(found, f"debug is on in production; {_RISK}", _FIX)
    _guard_run(app)
    on_first_request(app, functools.partial(_check_first_request, app, []))


def debug_found(app: Flask) -> str | None:
    """The setting that turns debugging on for *app*, or None."""
    if get_debug_flag():  # first: Flask copies it into DEBUG when the app is made
        return "FLASK_DEBUG"
    if app.debug or app.config.get("DEBUG"):
        return "DEBUG"
    if _wraps_debugger(app.wsgi_app):
        return "app.wsgi_app (DebuggedApplication)"
    return None


def _wraps_debugger(wsgi: Any) -> bool:
    """Look through middleware (``ProxyFix``, ...) that keeps the next one in ``.app``."""
    for _ in range(_MAX_WRAPPERS):
        if isinstance(wsgi, DebuggedApplication):
            return True
        wsgi = getattr(wsgi, "app", None)
        if wsgi is None:
            return False
    return False


def _guard_run(app: Flask) -> None:
    original = app.run

    @functools.wraps(original)
    def run(
        host: str | None = None,
        port: int | None = None,
        debug: bool | None = None,
        load_dotenv: bool = True,
        **options: Any,
    ) -> None:
        if debug:
            setting = "app.run(debug=True)"
        elif options.get("use_debugger"):
            setting = "app.run(use_debugger=True)"
        else:
            setting = debug_found(app) or ""
        if setting:
            raise ConfigurationError(setting, f"debug is on in production; {_RISK}", _FIX)
        original(host, port, debug, load_dotenv, **options)

    # An instance attribute shadows Flask.run for this app only.
    setattr(app, "run", run)  # noqa: B010


def _check_first_request(app: Flask, reported: list[bool]) -> None:
    found = debug_found(app)
    if found is None:
        return
    if not reported:
        reported.append(True)
        log.critical(
            "flask-bastion: %s; refusing every request",
            ConfigurationError(found, f"debug was switched on after start-up; {_RISK}", _FIX),
        )
    raise InternalServerError()
