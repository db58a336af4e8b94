"""M22: brute-force protection on login, counting failures only.

``@login_rate_limit`` on a login, registration or password-reset view
allows ``BASTION_RATELIMIT_LOGIN`` failed attempts per client; successes
cost nothing, so a user who types the right password is never locked out
by their own logins. A *failure* is a response with a 4xx status (401, 403,
422, a CSRF 400 ...), or any response of a request where the view called
:func:`mark_login_failed` (for apps that re-render the form with 200).

The client is ``request.remote_addr``. Behind proxies, the guard's
``ProxyFix`` (``BASTION_TRUSTED_PROXIES`` hops) has already set it to the
client the *trusted* proxies saw; this module never reads
``X-Forwarded-For`` itself, so a client cannot pick its own identity.
With ``username_field``, the submitted user name gets its own bucket too
(hashed before it reaches the store), which stops one account from being
guessed from many addresses, at the price that anyone can lock that
account's logins for the window.

Counting uses Flask-Limiter's engine (the ``limits`` strategies and
storage): the app's own ``Limiter`` storage when there is one in
``app.extensions["limiter"]``, else ``BASTION_RATELIMIT_STORAGE_URL``
(``memory://`` for one process, ``redis://`` for a fleet). The check and
the deduction run inside the view wrapper rather than in Flask-Limiter's
``before``/``after_request`` hooks so that a store outage is handled here:
**fail closed** by default (503 with ``Retry-After`` and a
``ratelimit.store_down`` event); ``BASTION_RATELIMIT_FAIL_OPEN = True``
lets logins through unlimited while the store is down (still logged).
Checks are not atomic with the deduction: N concurrent attempts can
overshoot the limit by up to N-1.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar, overload

from flask import Flask, current_app, g, make_response, request
from limits import RateLimitItem, parse_many
from limits.storage import Storage, storage_from_string
from limits.strategies import FixedWindowRateLimiter, RateLimiter
from werkzeug.exceptions import ServiceUnavailable, TooManyRequests

from ..errors import ConfigurationError
from .events import security_event

if TYPE_CHECKING:
    from flask import Response

    from ..extension import BastionState

F = TypeVar("F", bound=Callable[..., Any])

_MARK = "__bastion_rate_limit__"
_FAILED_FLAG = "_bastion_login_failed"
_COMPONENT = "ratelimit"
_STORE_DOWN_RETRY = 30
_SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
_COUNTER_LOCK = threading.Lock()


@dataclass(frozen=True)
class LoginLimit:
    """What ``@login_rate_limit`` put on a view (read by ``flask bastion routes``)."""

    limit: str | None
    """The limit string, or None for ``BASTION_RATELIMIT_LOGIN``."""
    scope: str
    username_field: str | None

    def resolved(self, app: Flask) -> str:
        return self.limit or str(app.config.get("BASTION_RATELIMIT_LOGIN") or "")


class _Counter:
    """Per-app storage and strategy, resolved on first use (a Limiter may come later)."""

    def __init__(self, storage: Storage, strategy: RateLimiter, prefix: str) -> None:
        self.storage = storage
        self.strategy = strategy
        self.prefix = prefix


def _counter(app: Flask) -> _Counter:
    from ..extension import get_state  # the extension imports this module

    components = get_state(app).components  # an unguarded app is an error, not "no limit"
    counter = components.get(_COMPONENT)
    if isinstance(counter, _Counter):
        return counter
    with _COUNTER_LOCK:  # two first requests must not count in two memory stores
        counter = components.get(_COMPONENT)
        if not isinstance(counter, _Counter):
            counter = components[_COMPONENT] = _make_counter(app)
    return counter


def _make_counter(app: Flask) -> _Counter:
    """Reuse the app's Flask-Limiter storage when it has one: one store to run."""
    limiters = app.extensions.get("limiter") or ()
    for limiter in limiters:
        if getattr(limiter, "initialized", False):
            return _Counter(limiter.storage, limiter.limiter, "bastion-login")
    url = str(app.config.get("BASTION_RATELIMIT_STORAGE_URL") or "memory://")
    storage = storage_from_string(url)
    if not isinstance(storage, Storage):
        raise ConfigurationError(
            "BASTION_RATELIMIT_STORAGE_URL",
            "an async (async+...) storage cannot count requests of a WSGI app",
            "use the synchronous URL, e.g. redis://host:6379/0",
        )
    return _Counter(storage, FixedWindowRateLimiter(storage), "bastion-login")


def client_identity() -> str:
    """The rate-limit key of the current client: ``request.remote_addr``.

    Correct behind proxies only through ``BASTION_TRUSTED_PROXIES`` (which
    wires ``ProxyFix``); raw ``X-Forwarded-For`` is never trusted here.
    """
    return request.remote_addr or "unknown"


def mark_login_failed() -> None:
    """Count this request as a failed attempt even if the response is 200."""
    setattr(g, _FAILED_FLAG, True)


def is_failed_login(response: Response) -> bool:
    """The default ``deduct_when``: a 4xx response or :func:`mark_login_failed`."""
    return bool(g.get(_FAILED_FLAG)) or 400 <= response.status_code < 500


def _buckets(spec: LoginLimit) -> list[str]:
    keys = [f"ip:{client_identity()}"]
    if spec.username_field:
        raw = request.form.get(spec.username_field) or ""
        if not raw and request.is_json:
            body = request.get_json(silent=True)
            raw = str(body.get(spec.username_field, "")) if isinstance(body, dict) else ""
        if raw:
            digest = hashlib.sha256(raw.strip().lower().encode()).hexdigest()[:32]
            keys.append(f"user:{digest}")
    return keys


class _Attempt:
    """One guarded request: test before the view, hit after a failure."""

    def __init__(self, spec: LoginLimit, deduct_when: Callable[[Response], bool]) -> None:
        self.app = current_app._get_current_object()  # type: ignore[attr-defined]
        self.spec = spec
        self.deduct_when = deduct_when
        self.counter = _counter(self.app)
        self.items: list[RateLimitItem] = parse_many(spec.resolved(self.app))
        self.keys = _buckets(spec)

    def _args(self, key: str) -> tuple[str, str, str]:
        return (self.counter.prefix, self.spec.scope, key)

    def check(self) -> None:
        for item in self.items:
            for key in self.keys:
                if not self.counter.strategy.test(item, *self._args(key)):
                    self._refuse(item, key)

    def _refuse(self, item: RateLimitItem, key: str) -> None:
        reset, _ = self.counter.strategy.get_window_stats(item, *self._args(key))[:2]
        retry = max(1, int(reset - time.time()))
        security_event(
            "ratelimit.hit", scope=self.spec.scope, limit=str(item), bucket=key.split(":")[0]
        )
        raise TooManyRequests(
            "Too many failed attempts. Wait before trying again.", retry_after=retry
        )

    def record(self, response: Response) -> None:
        if not self.deduct_when(response):
            return
        for item in self.items:
            for key in self.keys:
                self.counter.strategy.hit(item, *self._args(key))


def _store_down(scope: str, error: Exception) -> bool:
    """Log the outage; True when the app chose to let logins through."""
    fail_open = bool(current_app.config.get("BASTION_RATELIMIT_FAIL_OPEN"))
    security_event(
        "ratelimit.store_down",
        level=logging.ERROR,
        scope=scope,
        error=type(error).__name__,
        fail_open=fail_open,
    )
    return fail_open


def _guarded_call(
    view: Callable[..., Any],
    spec: LoginLimit,
    deduct_when: Callable[[Response], bool],
    args: tuple[Any, ...],
    kwargs: dict[str, Any],
) -> Response:
    attempt = _Attempt(spec, deduct_when)  # a setup error is raised as is, not "store down"
    try:
        attempt.check()
    except TooManyRequests:
        raise
    except Exception as error:  # any store failure: fail closed unless relaxed
        if not _store_down(spec.scope, error):
            raise ServiceUnavailable(
                "Sign-in is paused for a moment. Try again shortly.",
                retry_after=_STORE_DOWN_RETRY,
            ) from error
        return make_response(current_app.ensure_sync(view)(*args, **kwargs))
    response = make_response(current_app.ensure_sync(view)(*args, **kwargs))
    try:
        attempt.record(response)
    except Exception as error:  # the failure could not be counted
        if not _store_down(spec.scope, error):
            raise ServiceUnavailable(
                "Sign-in is paused for a moment. Try again shortly.",
                retry_after=_STORE_DOWN_RETRY,
            ) from error
    return response


@overload
def login_rate_limit(view: F) -> F: ...
@overload
def login_rate_limit(
    view: None = None,
    *,
    limit: str | None = None,
    scope: str | None = None,
    username_field: str | None = None,
    deduct_when: Callable[[Response], bool] | None = None,
) -> Callable[[F], F]: ...
def login_rate_limit(
    view: F | None = None,
    *,
    limit: str | None = None,
    scope: str | None = None,
    username_field: str | None = None,
    deduct_when: Callable[[Response], bool] | None = None,
) -> F | Callable[[F], F]:
    """Limit failed attempts on a login-like view (M22).

    Use bare (``@login_rate_limit``) or with options: *limit* overrides
    ``BASTION_RATELIMIT_LOGIN`` (Flask-Limiter syntax, ``"5 per minute;
    50 per day"``); *scope* names the shared bucket (default: the view's
    name; give two views the same scope to share their count);
    *username_field* adds a per-account bucket; *deduct_when* replaces
    :func:`is_failed_login`. Over the limit the view is not called and the
    answer is 429 with ``Retry-After`` (and a ``ratelimit.hit`` event).
    GET, HEAD and OPTIONS pass untouched: a blocked client can still see the
    form, only submitting it is refused.
    """

    def decorate(func: F) -> F:
        spec = LoginLimit(limit, scope or f"{func.__module__}.{func.__qualname__}", username_field)
        failed = deduct_when or is_failed_login

        @functools.wraps(func)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            if request.method in _SAFE_METHODS:  # showing the form is never an attempt
                return current_app.ensure_sync(func)(*args, **kwargs)
            return _guarded_call(func, spec, failed, args, kwargs)

        setattr(wrapper, _MARK, spec)
        return wrapper  # type: ignore[return-value]

    if view is not None:
        return decorate(view)
    return decorate


def rate_limit_of(app: Flask, view: Callable[..., Any]) -> str | None:
    """The limit applied to *view*: ours, or Flask-Limiter decorations."""
    seen: Callable[..., Any] | None = view
    while seen is not None:
        spec = getattr(seen, _MARK, None)
        if isinstance(spec, LoginLimit):
            return f"{spec.resolved(app)} (failures)"
        seen = getattr(seen, "__wrapped__", None)
    return _flask_limiter_limit(app, view)


def _flask_limiter_limit(app: Flask, view: Callable[..., Any]) -> str | None:
    # Flask-Limiter's key for decorated views (flask_limiter.util.get_qualified_name)
    name = f"{view.__module__}.{view.__name__}.{view.__qualname__}"
    found: list[str] = []
    for limiter in app.extensions.get("limiter") or ():
        manager = getattr(limiter, "limit_manager", None)
        decorated = getattr(manager, "_decorated_limits", {}) if manager else {}
        for group in decorated.get(name, ()):
            provider = group.limit_provider
            found.append(provider if isinstance(provider, str) else "dynamic")
    return ";".join(found) or None


def install(app: Flask, state: BastionState) -> None:
    """Validate the limit string at start-up; the store is opened on first use."""
    raw = str(app.config.get("BASTION_RATELIMIT_LOGIN") or "")
    try:
        items = parse_many(raw)
    except ValueError:
        items = []
    if not items:
        raise ConfigurationError(
            "BASTION_RATELIMIT_LOGIN",
            "not a rate limit Flask-Limiter understands",
            'write it as "5 per minute;50 per day"',
        )
