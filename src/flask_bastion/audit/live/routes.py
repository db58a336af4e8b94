"""The URL map of an imported app, and a way to probe a route without running its view.

:func:`inventory` lists every rule with its methods and what can be read
without a request (sensitive-looking path, login-like endpoint, rate
limit). :func:`sentinel_view` temporarily replaces the innermost view
function, under every decorator (``login_required``, rate limits, CSRF
decorators), with a sentinel that records that it was reached: a probe then
learns whether the request got past every check *before* the view, and the
real view, with its side effects, never runs.

Limits: decorators that do not use :func:`functools.wraps` (no
``__wrapped__``) are replaced along with the view, so a check living in
such a decorator is not seen (the route reads as "not determined" or
"public"). Rate limits are read from Flask-Limiter's limit manager, which
is not public API; when it changes, the column says "not determined".
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .target import Route

if TYPE_CHECKING:
    from flask import Flask
    from werkzeug.routing import Rule

SENSITIVE = re.compile(
    r"(^|[/_.-])(admin|administrator|debug|console|internal|config|settings|manage|"
    r"management|metrics|backup|backups|export|shell|env|secret|secrets|phpinfo|"
    r"private|staff|superuser|sudo|setup|install|test|tests|dev)([/_.-]|$)",
    re.IGNORECASE,
)
LOGIN_LIKE = re.compile(
    r"login|log_in|log-in|signin|sign_in|sign-in|register|signup|sign_up|sign-up|"
    r"password|passwd|reset|forgot|otp|2fa|mfa|token",
    re.IGNORECASE,
)
_AUTO_METHODS = {"HEAD", "OPTIONS"}
_DUMMY_VALUES = {"int": "1", "float": "1.0", "uuid": "00000000-0000-0000-0000-000000000000"}


def inventory(app: Flask) -> list[Route]:
    """Every URL rule but ``static``, sorted by path, with what can be read statically.

    The guard's marker-based :func:`flask_bastion.routes.route_inventory`
    supplies the declared access (login decorators, default-deny
    blueprints, ``@public``) and the guard's own rate limits; the probes
    then add what the app really does.
    """
    declared = {(r.rule, r.endpoint): r for r in _declared(app)}
    limited = _rate_limited(app)
    routes = []
    for url_rule in sorted(app.url_map.iter_rules(), key=lambda r: (r.rule, r.endpoint)):
        if url_rule.endpoint == "static" or url_rule.endpoint.endswith(".static"):
            continue
        methods = tuple(sorted(set(url_rule.methods or ()) - _AUTO_METHODS))
        info = declared.get((url_rule.rule, url_rule.endpoint))
        routes.append(
            Route(
                rule=url_rule.rule,
                endpoint=url_rule.endpoint,
                methods=methods,
                declared_auth=info.auth.value if info else "",
                rate_limited=bool(info and info.rate_limit) or limited(url_rule),
                sensitive=bool(SENSITIVE.search(url_rule.rule)),
                login_like=bool(
                    LOGIN_LIKE.search(url_rule.rule) or LOGIN_LIKE.search(url_rule.endpoint)
                ),
            )
        )
    return routes


def _declared(app: Flask) -> list[Any]:
    try:
        from ...routes import route_inventory
    except ImportError:  # the guard's inventory is optional here: the probes still run
        return []
    return list(route_inventory(app))


def example_path(url_rule: Rule) -> str:
    """A concrete path for *url_rule*, with a harmless value for every variable."""
    path = url_rule.rule
    for converter, variable in re.findall(r"<(?:([a-zA-Z_]+)(?:\([^)]*\))?:)?(\w+)>", path):
        value = _DUMMY_VALUES.get(converter, "bastion-probe")
        path = re.sub(rf"<(?:[a-zA-Z_]+(?:\([^)]*\))?:)?{variable}>", value, path, count=1)
    return path


def _rate_limited(app: Flask) -> Callable[[Rule], bool | None]:
    limiters = list(app.extensions.get("limiter", ()))
    if not limiters:
        return lambda _rule: False

    def check(url_rule: Rule) -> bool | None:
        blueprint = url_rule.endpoint.rpartition(".")[0] or None
        try:
            with app.test_request_context():
                return any(_limits_for(lim, app, url_rule.endpoint, blueprint) for lim in limiters)
        except Exception:  # Flask-Limiter internals moved: say "not determined"
            return None

    return check


def _limits_for(limiter: Any, app: Flask, endpoint: str, blueprint: str | None) -> bool:
    manager = limiter.limit_manager
    defaults, decorated = manager.resolve_limits(app, endpoint, blueprint)
    return bool(defaults or decorated or manager.application_limits)


@dataclass
class Reached:
    """Set by the sentinel when a request got past every check to the view."""

    reached: bool = False


SENTINEL_BODY = "bastion-probe: view reached"


@contextmanager
def sentinel_view(app: Flask, endpoint: str) -> Iterator[Reached]:
    """Within the block, *endpoint*'s innermost view is a side-effect-free sentinel."""
    flag = Reached()
    original = app.view_functions[endpoint]

    def sentinel(*_args: Any, **_kwargs: Any) -> tuple[str, int]:
        flag.reached = True
        return SENTINEL_BODY, 200

    restore = _swap_innermost(original, sentinel)
    if restore is None:
        # Keep the names Flask-WTF and Flask-Limiter key exemptions and limits on.
        app.view_functions[endpoint] = functools.update_wrapper(sentinel, original)
    try:
        yield flag
    finally:
        if restore is None:
            app.view_functions[endpoint] = original
        else:
            restore()


def _swap_innermost(view: Callable[..., Any], sentinel: Callable[..., Any]) -> Any:
    """Put *sentinel* in the closure cell holding the innermost wrapped function."""
    layer = view
    while True:
        inner = getattr(layer, "__wrapped__", None)
        if inner is None:
            return None
        cell = next(
            (c for c in (getattr(layer, "__closure__", None) or ()) if _holds(c, inner)), None
        )
        if cell is None:
            return None
        if getattr(inner, "__wrapped__", None) is None:
            functools.update_wrapper(sentinel, inner)
            cell.cell_contents = sentinel
            return functools.partial(_refill, cell, inner)
        layer = inner


def _refill(cell: Any, value: object) -> None:
    cell.cell_contents = value


def _holds(cell: Any, value: object) -> bool:
    try:
        return bool(cell.cell_contents is value)
    except ValueError:  # an empty cell
        return False


def routes_table(routes: list[Route]) -> str:
    """The URL map as plain text columns, for ``bastion check --routes``."""
    header = ("Rule", "Methods", "Endpoint", "Login (probe)", "Declared", "CSRF", "Rate limit", "")
    rows = [header] + [
        (
            r.rule,
            ",".join(r.methods),
            r.endpoint,
            r.auth.value,
            r.declared_auth or "-",
            r.csrf.value,
            {True: "yes", False: "no", None: "?"}[r.rate_limited],
            "SENSITIVE & PUBLIC" if r.sensitive and r.auth.value == "public" else "",
        )
        for r in routes
    ]
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    return "\n".join(
        "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip()
        for row in rows
    )
