"""Live rules FB680-FB682: the Werkzeug debugger, error pages and error handlers."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ..finding import Confidence, Severity
from ..registry import Scope, rule
from ._common import Result, app_of, config_probe
from .probes import ERROR_MARKER
from .target import (
    CONSOLE,
    DEBUGGER_RESOURCE,
    ERROR,
    NOT_FOUND,
    Exchange,
    LiveTarget,
)

if TYPE_CHECKING:
    from flask import Flask


# -- FB68x debugger and error pages ------------------------------------------------------


def _debugger_answers(exchange: Exchange | None, css: bool) -> bool:
    if exchange is None or exchange.status != 200:
        return False
    text = exchange.text()
    if css:
        return "css" in (exchange.header("Content-Type") or "") and (
            ".traceback" in text or ".console" in text or "debugger" in text.lower()
        )
    return "werkzeug" in text.lower() and ("console" in text.lower() or "debugger" in text.lower())


def _debugged_wsgi(target: LiveTarget) -> bool:
    from werkzeug.debug import DebuggedApplication

    layer = getattr(target.app, "wsgi_app", None)
    for _ in range(20):  # middleware chains are short; never loop forever
        if isinstance(layer, DebuggedApplication):
            return True
        layer = getattr(layer, "app", None)
        if layer is None:
            return False
    return False


@rule(
    "FB680",
    "live-debugger-reachable",
    "The Werkzeug debugger or its console answers",
    severity=Severity.CRITICAL,
    confidence=Confidence.HIGH,
    cwe=(489, 94),
    mitigation="M07",
    fix="Remove DebuggedApplication / debug=True; serve with gunicorn behind a proxy.",
    scope=Scope.LIVE,
)
def debugger_reachable(target: LiveTarget) -> Result:
    """## What it does
    Requests `/console` and the debugger's own resource
    (`?__debugger__=yes&cmd=resource&f=style.css`) and reports when the
    Werkzeug debugger answers; for an imported app it also reports a
    `DebuggedApplication` in the WSGI middleware chain.

    ## Why is this bad?
    The debugger is a Python console in the browser: whoever reaches it (the
    PIN is guessable or leaked) runs code on the server.

    ## Example
    ```python
    app.wsgi_app = DebuggedApplication(app.wsgi_app, evalex=True)
    ```

    ## Use instead
    ```sh
    gunicorn 'app:create_app()'
    ```

    ## References
    - CWE-489, CWE-94; OWASP ASVS V14.3.2
    """
    console, resource = target.get(CONSOLE), target.get(DEBUGGER_RESOURCE)
    if _debugger_answers(console, css=False) and console is not None:
        yield debugger_reachable.finding("the Werkzeug console answers", probe=console.probe())
    elif _debugger_answers(resource, css=True) and resource is not None:
        msg = "the Werkzeug debugger answers (its resources are served)"
        yield debugger_reachable.finding(msg, probe=resource.probe())
    elif target.app is not None and _debugged_wsgi(target):
        msg = "app.wsgi_app is wrapped in Werkzeug's DebuggedApplication"
        yield debugger_reachable.finding(msg, probe=console.probe() if console else None)
    elif console is not None:
        yield debugger_reachable.evidence("no debugger console answers", probe=console.probe())


_PATH = re.compile(
    r"""(File "[^"]+\.py"|/[\w.-]+/[\w./-]+\.py\b|[A-Z]:\\[^\s"<]+\.py\b|site-packages)"""
)


def _leaks(exchange: Exchange) -> str | None:
    text = exchange.text()
    if "Traceback (most recent call last)" in text or "__debugger__" in text:
        return "a traceback"
    if ERROR_MARKER in text:
        return "the exception text"
    if _PATH.search(text):
        return "a source file path"
    return None


@rule(
    "FB681",
    "live-error-page-leaks",
    "An error page shows a traceback, the exception text or source paths",
    severity=Severity.MEDIUM,
    confidence=Confidence.HIGH,
    cwe=(209, 497),
    mitigation="M08",
    fix="Register generic error handlers (Bastion does) and never return str(e) or tracebacks.",
    scope=Scope.LIVE,
)
def error_page_leaks(target: LiveTarget) -> Result:
    """## What it does
    Makes the imported app handle a synthetic exception with its own error
    handling (no route runs), and fetches a random missing path, then reports
    a page that contains a traceback, the exception's text or a source path.

    ## Why is this bad?
    Tracebacks and exception text show code paths, library versions, SQL and
    sometimes secrets: the map for the next attack.

    ## Example
    ```python
    @app.errorhandler(Exception)
    def oops(e):
        return f"error: {e}", 500
    ```

    ## Use instead
    ```python
    @app.errorhandler(Exception)
    def oops(e):
        app.logger.exception("unhandled")
        return render_template("500.html"), 500
    ```

    ## References
    - CWE-209, CWE-497; OWASP ASVS V7.4.1
    """
    propagated = target.exchanges.get(ERROR)
    if propagated is not None and propagated.failure == "propagated":
        msg = "unhandled errors reach the server's debugger, which shows the traceback"
        yield error_page_leaks.finding(msg, probe=propagated.probe())
    for name in (ERROR, NOT_FOUND):
        exchange = target.get(name)
        if exchange is None:
            continue
        leak = _leaks(exchange)
        what = "unhandled-error page" if name == ERROR else "not-found page"
        if leak:
            yield error_page_leaks.finding(f"the {what} shows {leak}", probe=exchange.probe())
        else:
            msg = f"the {what} ({exchange.status}) shows no traceback or exception text"
            yield error_page_leaks.evidence(msg, probe=exchange.probe())


# -- FB68x error handling ----------------------------------------------------------------


def _handled_codes(app: Flask) -> set[int | str]:
    """App-wide handlers: status codes, plus ``HTTPException`` / ``Exception`` catch-alls."""
    from werkzeug.exceptions import HTTPException

    found: set[int | str] = set()
    for code, handlers in app.error_handler_spec.get(None, {}).items():
        if code is not None and handlers:
            found.add(code)
        for exc_class in handlers:
            if exc_class in (Exception, HTTPException):
                found.add(exc_class.__name__)
    return found


@rule(
    "FB682",
    "live-error-handlers-missing",
    "No app-wide handler for 404 and 500 / unhandled exceptions",
    severity=Severity.LOW,
    confidence=Confidence.MEDIUM,
    cwe=(209,),
    mitigation="M08",
    fix="Register generic handlers for 4xx/5xx and Exception, or let Bastion register them.",
    scope=Scope.LIVE,
)
def error_handlers_missing(target: LiveTarget) -> Result:
    """## What it does
    Lists the error handlers the imported app registers app-wide and reports a
    missing handler for 404 or for 500 / `Exception`.

    ## Why is this bad?
    Without them the app answers with Werkzeug's default pages: not a leak by
    themselves, but no error id to correlate with logs, HTML to JSON clients,
    and one `debug=True` away from a traceback.

    ## Example
    ```python
    app = Flask(__name__)  # no @app.errorhandler
    ```

    ## Use instead
    ```python
    @app.errorhandler(500)
    def server_error(e):
        return render_template("500.html"), 500
    ```

    ## References
    - CWE-209; OWASP ASVS V7.4.1
    """
    app = app_of(target)
    if app is None:
        return
    codes = _handled_codes(app)
    probe = config_probe(target, "error_handler_spec")
    catch_all = {"Exception", "HTTPException"}
    wanted = (("404", {404} | catch_all), ("500", {500} | catch_all))
    missing = [name for name, keys in wanted if not codes & keys]
    if missing:
        msg = "no app-wide error handler for " + " and ".join(missing)
        yield error_handlers_missing.finding(msg, probe=probe)
    else:
        shown = ", ".join(sorted(str(c) for c in codes))
        yield error_handlers_missing.evidence(f"error handlers registered for {shown}", probe=probe)
