"""M19: what every route of an app requires, read from the app itself.

:func:`route_inventory` is the data behind ``flask bastion routes`` (and
the live checker): for each URL rule, who may call it (login required by a
decorator or by a default-deny blueprint, explicitly public, or open by
omission), whether state-changing requests are CSRF-checked, which rate
limit applies, and whether an open route *looks* sensitive (``admin``,
``debug``, ``delete`` ...).

It reads markers, it does not send requests: a check done inside the view
body, or by a decorator that hides the view (no ``functools.wraps``), is not
seen, and such a route reads as open.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .mitigations.csrf import is_csrf_exempt
from .mitigations.ownership import _LOGIN_MARK, _PUBLIC_MARK, has_mark, is_default_deny
from .mitigations.ratelimit import rate_limit_of

if TYPE_CHECKING:
    from flask import Flask

SENSITIVE_WORDS = (
    *("admin", "administrator", "debug", "console", "internal", "config", "settings"),
    *("delete", "remove", "destroy", "drop", "purge", "manage", "staff", "sudo"),
    *("superuser", "shell", "exec", "eval", "env", "secret", "secrets", "backup", "export"),
    *("metrics", "phpinfo", "private", "test", "tests", "dev", "setup", "install"),
)
_SENSITIVE = re.compile(
    r"(^|[/_.<>:-])(" + "|".join(SENSITIVE_WORDS) + r")([/_.<>:-]|$)", re.IGNORECASE
)
_AUTO_METHODS = frozenset({"HEAD", "OPTIONS"})
_UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


class Auth(str, enum.Enum):
    """Who may call a route."""

    LOGIN_REQUIRED = "login required"
    """A ``login_required``-style decorator (Flask-Login's or the guard's)."""
    LOGIN_BY_DEFAULT = "login (default)"
    """The route's blueprint or app is ``login_required_by_default``."""
    PUBLIC = "public"
    """Marked ``@public``: open on purpose."""
    OPEN = "open"
    """No check found: open by omission."""


class CsrfStatus(str, enum.Enum):
    CHECKED = "checked"
    EXEMPT = "exempt"
    NOT_APPLICABLE = "n/a"
    """Only safe methods (GET/HEAD/OPTIONS): nothing to protect."""


@dataclass(frozen=True)
class RouteInfo:
    """One URL rule as ``flask bastion routes`` prints it."""

    rule: str
    endpoint: str
    methods: tuple[str, ...]
    auth: Auth
    csrf: CsrfStatus
    rate_limit: str | None
    sensitive: bool
    """A route without login whose path or endpoint looks sensitive."""

    @property
    def needs_login(self) -> bool:
        return self.auth in (Auth.LOGIN_REQUIRED, Auth.LOGIN_BY_DEFAULT)

    @property
    def exposed(self) -> bool:
        """Sensitive-looking and open by omission (not even marked ``@public``)."""
        return self.sensitive and self.auth is Auth.OPEN


def _flask_login_code() -> Any:
    """The code object shared by every wrapper ``flask_login.login_required`` makes."""
    try:
        from flask_login import fresh_login_required, login_required
    except ImportError:  # pragma: no cover - flask-login is an optional extra
        return frozenset()
    return frozenset(deco(lambda: None).__code__ for deco in (login_required, fresh_login_required))


_LOGIN_CODES: frozenset[Any] | None = None


def _has_login_decorator(view: Callable[..., Any]) -> bool:
    global _LOGIN_CODES  # computed once, on first use
    if _LOGIN_CODES is None:
        _LOGIN_CODES = _flask_login_code()
    seen: Callable[..., Any] | None = view
    while seen is not None:
        if getattr(seen, _LOGIN_MARK, False) or getattr(seen, "__code__", None) in _LOGIN_CODES:
            return True
        seen = getattr(seen, "__wrapped__", None)
    return False


def _auth(app: Flask, endpoint: str, view: Callable[..., Any] | None) -> Auth:
    if endpoint.split(".")[-1] == "static":  # Flask's file server: public by design
        return Auth.PUBLIC
    if view is not None and _has_login_decorator(view):
        return Auth.LOGIN_REQUIRED
    if view is not None and has_mark(view, _PUBLIC_MARK):
        return Auth.PUBLIC
    if is_default_deny(app, endpoint):
        return Auth.LOGIN_BY_DEFAULT
    return Auth.OPEN


def _csrf(app: Flask, endpoint: str, methods: tuple[str, ...]) -> CsrfStatus:
    if not _UNSAFE_METHODS.intersection(methods):
        return CsrfStatus.NOT_APPLICABLE
    if is_csrf_exempt(app, endpoint):
        return CsrfStatus.EXEMPT
    return CsrfStatus.CHECKED


def route_inventory(app: Flask) -> list[RouteInfo]:
    """Every URL rule of *app*, sorted by path then endpoint."""
    routes: list[RouteInfo] = []
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: (r.rule, r.endpoint)):
        view = app.view_functions.get(rule.endpoint)
        methods = tuple(sorted(set(rule.methods or ()) - _AUTO_METHODS))
        auth = _auth(app, rule.endpoint, view)
        looks_sensitive = bool(_SENSITIVE.search(rule.rule) or _SENSITIVE.search(rule.endpoint))
        routes.append(
            RouteInfo(
                rule=rule.rule,
                endpoint=rule.endpoint,
                methods=methods,
                auth=auth,
                csrf=_csrf(app, rule.endpoint, methods),
                rate_limit=rate_limit_of(app, view) if view is not None else None,
                sensitive=looks_sensitive and auth in (Auth.PUBLIC, Auth.OPEN),
            )
        )
    return routes
