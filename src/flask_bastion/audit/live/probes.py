"""In-process probes of an imported app, through its own test client.

Only requests a correctly protected app rejects or answers without side
effects are sent: ``GET /`` (over HTTPS and over plain HTTP), a random
missing path, the Werkzeug debugger paths, ``OPTIONS``/``TRACE /``, ``/``
with a forged ``Host``; and, for every route, a request whose view has been
replaced by a sentinel (:func:`routes.sentinel_view`), so the route's own
view never runs. The session cookie is produced by the app's own session
interface on a test request context, and the unhandled-error page by the
app's own error handling of a synthetic exception, not by a route.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from ...mitigations.dependencies import installed_versions
from . import routes as _routes
from .deployment_checks import watched_packages
from .target import (
    CONSOLE,
    CROSS_SITE_ORIGIN,
    DEBUGGER_RESOURCE,
    ERROR,
    FORGED_HOST,
    FORGED_HOST_NAME,
    HOME,
    NOT_FOUND,
    OPTIONS,
    PLAIN_HTTP,
    SESSION,
    TRACE,
    Auth,
    Csrf,
    Exchange,
    LiveTarget,
    Route,
)

if TYPE_CHECKING:
    from flask import Flask
    from werkzeug.test import TestResponse
    from werkzeug.wrappers import Response

NOTE = "in-process (test client)"
ERROR_MARKER = "bastion-probe-failure"
_BODY_LIMIT = 65_536


def probe_app(app: Flask, label: str) -> LiveTarget:
    """Run every in-process probe against *app* and return what was observed."""
    with _quiet():
        return _probe_app(app, label)


def _probe_app(app: Flask, label: str) -> LiveTarget:
    host = _host(app)
    target = LiveTarget(
        label=label,
        app=app,
        https=True,
        session_cookie_name=app.config.get("SESSION_COOKIE_NAME") or "session",
    )
    base = f"https://{host}"
    client = app.test_client()
    get = target.exchanges.__setitem__
    get(HOME, _send(client, "GET", "/", base, follow=True))
    get(NOT_FOUND, _send(client, "GET", f"/bastion-probe-{secrets.token_hex(4)}", base))
    get(PLAIN_HTTP, _send(client, "GET", "/", f"http://{host}"))
    get(CONSOLE, _send(client, "GET", "/console", base))
    get(
        DEBUGGER_RESOURCE, _send(client, "GET", "/?__debugger__=yes&cmd=resource&f=style.css", base)
    )
    get(OPTIONS, _send(client, "OPTIONS", "/", base))
    get(TRACE, _send(client, "TRACE", "/", base))
    get(FORGED_HOST, _send(client, "GET", "/", f"https://{FORGED_HOST_NAME}"))
    get(ERROR, _error_page(app, base))
    get(SESSION, _session_cookie(app, base))
    target.routes = [_probe_route(app, client, route, base) for route in _routes.inventory(app)]
    target.versions = installed_versions(watched_packages())
    target.extensions = tuple(sorted(app.extensions))
    return target


def _host(app: Flask) -> str:
    """A host name the app accepts, so a TRUSTED_HOSTS list does not reject every probe."""
    server_name = app.config.get("SERVER_NAME")
    if server_name:
        return str(server_name)
    for trusted in app.config.get("TRUSTED_HOSTS") or ():
        name = str(trusted).lstrip(".")
        if name and "*" not in name:
            return name
    return "localhost"


def _send(
    client: Any,
    method: str,
    path: str,
    base: str,
    *,
    follow: bool = False,
    headers: dict[str, str] | None = None,
    data: dict[str, str] | None = None,
) -> Exchange:
    url = f"{base}{path}"
    try:
        response: TestResponse = client.open(
            path,
            method=method,
            base_url=base,
            headers=headers or {},
            data=data,
            follow_redirects=follow,
        )
    except Exception as exc:  # the app raised out of its own error handling
        reason = f"the app raised {type(exc).__name__}"
        return Exchange(method, url, error=reason, failure="app", note=NOTE)
    final = response.request.url if follow and response.history else url
    return _exchange(method, final, response)


def _exchange(method: str, url: str, response: Response, note: str = NOTE) -> Exchange:
    body = response.get_data()[:_BODY_LIMIT]  # the test client buffers in memory
    return Exchange(
        method=method,
        url=url,
        status=response.status_code,
        headers=tuple(response.headers.items()),
        body=body,
        note=note,
    )


@contextmanager
def _quiet() -> Iterator[None]:
    """Silence logging while probes run: a synthetic failure or a refused
    cross-site request is logged by the app (and the guard) as if real."""
    previous = logging.root.manager.disable
    logging.disable(logging.CRITICAL)
    try:
        yield
    finally:
        logging.disable(previous)


def _error_page(app: Flask, base: str) -> Exchange:
    """What the app sends when a view raises: its own handlers, on a synthetic error.

    The exception message carries a marker and a file path, so a page that
    shows exception text or paths is recognised. With debug on, Flask lets
    the exception out to the server (whose debugger shows the traceback):
    that is recorded as a failure kind ``propagated``, not as a page.
    """
    path = f"/bastion-probe-{secrets.token_hex(4)}"
    url = f"{base}{path}"
    if app.debug:
        reason = "debug mode: the exception propagates to the server, whose debugger shows it"
        return Exchange("GET", url, error=reason, failure="propagated", note=NOTE)
    failure = RuntimeError(f"{ERROR_MARKER} in {__file__}")
    saved = app.config.get("PROPAGATE_EXCEPTIONS")
    app.config["PROPAGATE_EXCEPTIONS"] = False  # as a production server sees it
    try:
        with app.test_request_context(path, base_url=base):
            try:
                raise failure
            except RuntimeError as exc:
                response = _handle(app, exc)
    except Exception as exc:
        reason = f"the error handler raised {type(exc).__name__}"
        return Exchange("GET", url, error=reason, failure="app", note=NOTE)
    finally:
        app.config["PROPAGATE_EXCEPTIONS"] = saved
    return _exchange("GET", url, response, note=f"{NOTE}; synthetic exception in a view")


def _handle(app: Flask, exc: Exception) -> Response:
    try:
        rv = app.handle_user_exception(exc)
    except Exception as unhandled:
        return app.handle_exception(unhandled)
    return app.finalize_request(rv, from_error_handler=True)


def _session_cookie(app: Flask, base: str) -> Exchange:
    """The ``Set-Cookie`` the app's session interface sends for a fresh, modified session."""
    url = f"{base}/"
    try:
        with app.test_request_context("/", base_url=base) as ctx:
            interface = app.session_interface
            session = interface.open_session(app, ctx.request)
            if session is None:
                return Exchange("GET", url, error="the session interface opened no session")
            session["_bastion_probe"] = "1"
            response = app.response_class()
            interface.save_session(app, session, response)
    except Exception as exc:
        return Exchange("GET", url, error=f"the session interface raised {type(exc).__name__}")
    return _exchange("GET", url, response, note=f"{NOTE}; session interface save_session")


def _probe_route(app: Flask, client: Any, route: Route, base: str) -> Route:
    url_rule = next(r for r in app.url_map.iter_rules() if r.endpoint == route.endpoint)
    path = _routes.example_path(url_rule)
    if "GET" in route.methods:
        with _routes.sentinel_view(app, route.endpoint) as flag:
            exchange = _send(client, "GET", path, base)
        route = replace(route, auth=_auth(flag.reached, exchange), auth_exchange=exchange)
    if route.state_changing:
        method = route.state_changing[0]
        with _routes.sentinel_view(app, route.endpoint) as flag:
            exchange = _send(
                client,
                method,
                path,
                base,
                headers={"Origin": CROSS_SITE_ORIGIN, "Sec-Fetch-Site": "cross-site"},
                data={"bastion_probe": "1"},
            )
        csrf = _csrf(flag.reached, exchange)
        auth = Auth.PUBLIC if flag.reached else route.auth
        if auth is Auth.UNKNOWN and route.declared_auth.startswith("login"):
            auth = Auth.REQUIRED  # declared, and the probe saw nothing to the contrary
        route = replace(route, csrf=csrf, csrf_exchange=exchange, auth=auth)
    return route


def _auth(reached: bool, exchange: Exchange) -> Auth:
    if reached:
        return Auth.PUBLIC
    if exchange.status in (401, 403):
        return Auth.REQUIRED
    location = (exchange.header("Location") or "").lower()
    if exchange.status in (301, 302, 303, 307, 308) and any(
        word in location for word in ("login", "signin", "sign-in", "auth")
    ):
        return Auth.REQUIRED
    return Auth.UNKNOWN


def _csrf(reached: bool, exchange: Exchange) -> Csrf:
    if reached:
        return Csrf.ACCEPTED
    if exchange.status in (400, 403):
        return Csrf.REJECTED
    return Csrf.UNKNOWN
