"""M06: cross-site request forgery protection for every state-changing request.

Every request whose method is not ``GET``, ``HEAD``, ``OPTIONS`` or
``TRACE`` is checked in a ``before_request`` hook, before its view runs, in
this order (the first rule that settles it wins):

1. ``Sec-Fetch-Site`` (sent by every current browser, and impossible for a
   page to forge): ``same-origin`` is allowed; ``same-site`` and
   ``cross-site`` are allowed only when ``Origin`` is one of
   ``BASTION_CSRF_TRUSTED_ORIGINS``, refused otherwise.
2. No ``Sec-Fetch-Site`` but an ``Origin`` (older browsers): the app's own
   origin (scheme://host[:port] of the request, as seen through ProxyFix) or
   a trusted one is allowed; any other origin, or ``null``, is refused.
3. Neither header settles it (``Sec-Fetch-Site: none``, or no header at all:
   very old browsers, non-browser clients): a token is required, in
   Flask-WTF's format, so tokens from either library validate with the other.
   A random raw value lives in the session under :data:`CSRF_SESSION_KEY`;
   the page gets it signed with ``URLSafeTimedSerializer(keys,
   salt="wtf-csrf-token")``, where *keys* are ``SECRET_KEY_FALLBACKS`` and
   then ``SECRET_KEY`` (newest last), so tokens signed before a key rotation
   stay valid. It is read from the form field ``BASTION_CSRF_FIELD_NAME`` or
   one of the ``BASTION_CSRF_HEADERS`` and expires after
   ``BASTION_CSRF_TIME_LIMIT`` seconds.

This is the layering Rails 8.2 and Go 1.25 (``http.CrossOriginProtection``)
adopted: the fetch-metadata headers settle nearly every browser request with
no state at all; the token remains for what they cannot settle.

A refusal raises :class:`CSRFError` (a 403: the request is well formed but
not permitted, as Django and Go answer), logs a ``csrf.failure`` security
event (reason, method, path, origin; never a token), and renders a friendly
HTML page or JSON, chosen like the error pages by the request's content type
and ``Accept``. Apps can replace it with ``@app.errorhandler(CSRFError)``
or with their own ``bastion/csrf_error.html`` template.

Exemptions are explicit: :func:`csrf_exempt` on a view or a blueprint, or
the endpoint or blueprint name in ``BASTION_CSRF_EXEMPT``. Exempt an API
only when it authenticates by a header the browser does not add by itself
(``Authorization: Bearer …``), never when it relies on the session cookie.

What this does *not* protect against: a same-origin attacker (an XSS on the
site itself passes every check), or a state change on ``GET`` (keep
``GET`` free of side effects). Settings are read once, at ``init_app``.
"""

from __future__ import annotations

import functools
import hmac
import logging
import secrets
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar
from urllib.parse import urlsplit

from flask import Blueprint, current_app, g, jsonify, render_template, request, session
from itsdangerous import BadData, SignatureExpired, URLSafeTimedSerializer
from jinja2 import Environment, PackageLoader, TemplateNotFound, select_autoescape
from werkzeug.exceptions import Forbidden

from ..errors import ConfigurationError
from .events import security_event
from .headers import csp_nonce
from .secret_key import signing_keys

if TYPE_CHECKING:
    from flask import Flask
    from werkzeug.wrappers import Response

    from ..extension import BastionState

log = logging.getLogger("flask_bastion")

E = TypeVar("E", bound="Callable[..., Any] | Blueprint")

CSRF_SESSION_KEY = "csrf_token"
"""Session key of the raw token; the same key Flask-WTF uses by default."""

_SALT = "wtf-csrf-token"
_SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
_EXEMPT_ATTR = "_bastion_csrf_exempt"
_TEMPLATE = "bastion/csrf_error.html"
_DEFAULT_PORTS = {"http": 80, "https": 443}

_REASONS: Mapping[str, str] = {
    "cross-site": "The request came from another site.",
    "origin-mismatch": "The request came from another origin.",
    "origin-null": "The request came from an opaque origin.",
    "token-missing": "The CSRF token is missing.",
    "session-token-missing": "The CSRF session token is missing.",
    "token-expired": "The CSRF token has expired.",
    "token-invalid": "The CSRF token is invalid.",
    "token-mismatch": "The CSRF tokens do not match.",
}


# -- public API ---------------------------------------------------------------


def csrf_token() -> str:
    """Return the signed CSRF token for this session, creating it if needed.

    Put it in forms (``<input type="hidden" name="csrf_token" value="{{
    csrf_token() }}">``) or in a ``<meta>`` tag that scripts copy into the
    ``X-CSRFToken`` header. If the session was regenerated meanwhile (login),
    a new raw value is drawn and a new token issued.
    """
    raw = session.get(CSRF_SESSION_KEY)
    if not isinstance(raw, str) or not raw:
        # 160 random bits, as in Flask-WTF; base64 rather than hex keeps the cookie
        # small enough that the session serializer does not switch to zlib.
        raw = secrets.token_urlsafe(20)
        session[CSRF_SESSION_KEY] = raw
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    return _signer(app).token_for(raw, _reuse_window(app))


def csrf_exempt(view: E) -> E:
    """Exempt a view function or a whole :class:`~flask.Blueprint` from CSRF checks.

    ::

        @app.post("/webhooks/payments")
        @csrf_exempt
        def payment_webhook(): ...

        csrf_exempt(api_blueprint)

    It only marks its argument, so its place among other decorators does not
    matter. Exempt views are listed by ``flask bastion routes`` and reported
    by the auditor.
    """
    setattr(view, _EXEMPT_ATTR, True)
    return view


def is_csrf_exempt(app: Flask, endpoint: str) -> bool:
    """Tell whether requests to *endpoint* skip the CSRF check.

    True when the view or one of its (nested) blueprints is marked with
    :func:`csrf_exempt` or named in ``BASTION_CSRF_EXEMPT``, and for every
    endpoint when ``BASTION_CSRF`` is off.
    """
    if not app.config.get("BASTION_CSRF", True):
        return True
    named = set(app.config.get("BASTION_CSRF_EXEMPT", ()))
    if endpoint in named:
        return True
    if getattr(app.view_functions.get(endpoint), _EXEMPT_ATTR, False):
        return True
    parents = endpoint.split(".")[:-1]
    for end in range(len(parents), 0, -1):
        name = ".".join(parents[:end])
        if name in named or getattr(app.blueprints.get(name), _EXEMPT_ATTR, False):
            return True
    return False


class CSRFError(Forbidden):
    """A state-changing request failed the CSRF check.

    A subclass of werkzeug's ``Forbidden`` (403), so an app customises the
    response with ``@app.errorhandler(CSRFError)``. :attr:`reason` is a
    short stable code (``cross-site``, ``token-missing``, ...), safe to show.
    """

    def __init__(self, reason: str) -> None:
        super().__init__(_REASONS.get(reason, "CSRF validation failed."))
        self.reason = reason
        self.error_id = secrets.token_hex(6)
        """Shown to the user and logged, so support can find the log line."""


# -- the check ----------------------------------------------------------------


@dataclass(frozen=True)
class _Config:
    """The CSRF settings of one app, validated at ``init_app``."""

    trusted_origins: frozenset[str]
    time_limit: int | None
    field_name: str
    headers: tuple[str, ...]
    reuse_window: int


def _fetch_metadata_verdict(config: _Config) -> str | None:
    """Settle the request by ``Sec-Fetch-Site``/``Origin``.

    Returns ``"allow"``, a refusal reason, or None when a token must decide.
    """
    origin = request.headers.get("Origin")
    if origin is not None:
        origin = origin.lower()  # browsers send it lower-case; a client might not
    site = request.headers.get("Sec-Fetch-Site")
    if site is not None:
        if site == "same-origin":
            return "allow"
        if site in ("same-site", "cross-site"):
            return "allow" if origin in config.trusted_origins else "cross-site"
        return None  # "none": typed or bookmarked by the user
    if origin is None:
        return None
    if origin == "null":
        return "origin-null"
    own = f"{request.scheme}://{request.host}".lower()
    if origin == own or origin in config.trusted_origins:
        return "allow"
    return "origin-mismatch"


def _submitted_token(config: _Config) -> str | None:
    """The token from a header, else the form (headers first: no body to parse)."""
    for header in config.headers:
        value = request.headers.get(header)
        if value:
            return value
    form = request.form  # multipart bodies are parsed once; request.files stays intact
    value = form.get(config.field_name)
    if value:
        return value
    suffix = f"-{config.field_name}"  # a Flask-WTF form with a prefix
    for key in form:
        if key.endswith(suffix) and form[key]:
            return form[key]
    return None


def _token_verdict(config: _Config) -> str:
    token = _submitted_token(config)
    if not token:
        return "token-missing"
    raw = session.get(CSRF_SESSION_KEY)
    if not isinstance(raw, str) or not raw:
        return "session-token-missing"
    try:
        signed_value = _signer(current_app).serializer.loads(token, max_age=config.time_limit)
    except SignatureExpired:
        return "token-expired"
    except BadData:
        return "token-invalid"
    if not isinstance(signed_value, str) or not hmac.compare_digest(
        raw.encode(), signed_value.encode()
    ):
        return "token-mismatch"
    return "allow"


def _refuse(reason: str) -> None:
    error = CSRFError(reason)
    security_event(
        "csrf.failure",
        reason=reason,
        method=request.method,
        path=request.path,
        origin=request.headers.get("Origin", "-"),
        error_id=error.error_id,
    )
    raise error


def _make_guard(app: Flask, config: _Config) -> Callable[[], None]:
    exempt_cache: dict[str, bool] = {}

    def csrf_protect() -> None:
        if request.method in _SAFE_METHODS:
            return
        endpoint = request.endpoint
        if endpoint is None:  # 404/405: no view will run
            return
        exempt = exempt_cache.get(endpoint)
        if exempt is None:
            exempt = exempt_cache[endpoint] = is_csrf_exempt(app, endpoint)
        if exempt:
            return
        verdict = _fetch_metadata_verdict(config) or _token_verdict(config)
        if verdict != "allow":
            _refuse(verdict)
        g.csrf_valid = True  # Flask-WTF's FlaskForm then skips its own check

    return csrf_protect


# -- keys ---------------------------------------------------------------------


class _Signer:
    """The serializer of one key list, and the tokens it signed a moment ago.

    Signing costs an HMAC and a JSON/base64 round; a page that renders the
    token would pay it on every request. A token signed up to
    :attr:`_Config.reuse_window` seconds ago (at most a minute, and at most
    1/60 of the time limit) is handed out again instead: it is exactly what
    signing would return, with an older timestamp, so the form expires at
    most that much sooner. The cache is bounded and keyed by the raw value,
    itself a 160-bit secret of one session, so no session can get another's.
    """

    _MAX_RECENT = 4096

    def __init__(self, keys: tuple[str | bytes, ...]) -> None:
        self.serializer = URLSafeTimedSerializer(
            list(keys),  # type: ignore[arg-type]  # mixed str/bytes keys are fine
            salt=_SALT,
        )
        self.recent: dict[str, tuple[str, float]] = {}

    def token_for(self, raw: str, reuse_window: int) -> str:
        now = time.time()
        hit = self.recent.get(raw)
        if hit is not None and now - hit[1] < reuse_window:
            return hit[0]
        signed = self.serializer.dumps(raw)
        assert isinstance(signed, str)
        if len(self.recent) >= self._MAX_RECENT:
            self.recent.clear()
        self.recent[raw] = (signed, now)
        return signed


_signers: dict[tuple[str | bytes, ...], _Signer] = {}


def _signing_keys(app: Flask) -> tuple[str | bytes, ...]:
    """The app's keys oldest first: itsdangerous signs with the last one."""
    keys = signing_keys(app)  # current first, then SECRET_KEY_FALLBACKS
    if not keys:
        raise RuntimeError(
            "CSRF tokens need SECRET_KEY: set it (bastion keygen prints one) before "
            "rendering csrf_token()"
        )
    return tuple(reversed(keys))


def _signer(app: Flask) -> _Signer:
    """One signer per key list, built on first use and shared by every request."""
    keys = _signing_keys(app)
    signer = _signers.get(keys)
    if signer is None:
        if len(_signers) > 16:  # keys rotated many times in one process (tests)
            _signers.clear()
        signer = _signers[keys] = _Signer(keys)
    return signer


def _reuse_window(app: Flask) -> int:
    state = app.extensions.get("bastion")
    config = state.components.get("csrf") if state is not None else None
    return config.reuse_window if isinstance(config, _Config) else 0


# -- the refusal page ---------------------------------------------------------


@functools.cache
def _package_env() -> Environment:
    """The package's own templates, for apps that render none of their own."""
    return Environment(loader=PackageLoader("flask_bastion"), autoescape=select_autoescape())


def _render_refusal(error: CSRFError) -> tuple[Response, int] | tuple[str, int]:
    """JSON for API clients, else the app's or the package's HTML page."""
    error_id = error.error_id
    best = request.accept_mimetypes.best_match(("text/html", "application/json"))
    if request.is_json or best == "application/json":
        body = {"error": "csrf_failed", "status": 403, "reason": error.reason, "id": error_id}
        return jsonify(body), 403
    context = {"reason": error.reason, "message": error.description, "error_id": error_id}
    try:
        return render_template(_TEMPLATE, **context), 403
    except TemplateNotFound:
        page = _package_env().get_template(_TEMPLATE)
        return page.render(nonce=csp_nonce(), **context), 403


# -- settings and wiring ------------------------------------------------------


def _origin(key: str, value: Any) -> str:
    parts = urlsplit(value) if isinstance(value, str) else None
    if (
        parts is None
        or parts.scheme not in _DEFAULT_PORTS
        or not parts.hostname
        or parts.path not in ("", "/")
        or parts.query
        or parts.fragment
    ):
        raise ConfigurationError(
            key,
            f"{value!r} is not an origin",
            'write "https://admin.example" (scheme, host and optional port; no path)',
        )
    port = parts.port
    netloc = (
        parts.hostname
        if port in (None, _DEFAULT_PORTS[parts.scheme])
        else (f"{parts.hostname}:{port}")
    )
    return f"{parts.scheme}://{netloc}"


def _names(key: str, value: Any) -> tuple[str, ...]:
    if isinstance(value, str) or not isinstance(value, Iterable):
        raise ConfigurationError(key, "expected a list of strings", f'write ["{key}-value", ...]')
    names = tuple(value)
    if not all(isinstance(name, str) and name for name in names):
        raise ConfigurationError(key, "every entry must be a non-empty string", "remove it")
    return names


def _build_config(cfg: Mapping[str, Any]) -> _Config:
    time_limit = cfg["BASTION_CSRF_TIME_LIMIT"]
    if time_limit is not None and (
        isinstance(time_limit, bool) or not isinstance(time_limit, int) or time_limit <= 0
    ):
        raise ConfigurationError(
            "BASTION_CSRF_TIME_LIMIT",
            f"expected a number of seconds > 0 or None, got {time_limit!r}",
            "use 3600 (an hour), or None for tokens that live as long as the session",
        )
    field_name = cfg["BASTION_CSRF_FIELD_NAME"]
    if not isinstance(field_name, str) or not field_name:
        raise ConfigurationError(
            "BASTION_CSRF_FIELD_NAME", "expected a non-empty string", 'use "csrf_token"'
        )
    headers = _names("BASTION_CSRF_HEADERS", cfg["BASTION_CSRF_HEADERS"])
    if not headers:
        raise ConfigurationError(
            "BASTION_CSRF_HEADERS",
            "no header left for fetch/XHR and JSON clients",
            'use ("X-CSRFToken", "X-CSRF-Token")',
        )
    _names("BASTION_CSRF_EXEMPT", cfg["BASTION_CSRF_EXEMPT"])
    origins = _names("BASTION_CSRF_TRUSTED_ORIGINS", cfg["BASTION_CSRF_TRUSTED_ORIGINS"])
    return _Config(
        trusted_origins=frozenset(_origin("BASTION_CSRF_TRUSTED_ORIGINS", o) for o in origins),
        time_limit=time_limit,
        field_name=field_name,
        headers=headers,
        reuse_window=60 if time_limit is None else min(60, time_limit // 60),
    )


def install(app: Flask, state: BastionState) -> None:
    """Check state-changing requests; expose ``csrf_token()`` to templates.

    ``csrf_token`` stays a Jinja global when ``BASTION_CSRF`` is off, so
    templates keep rendering.
    """
    app.jinja_env.globals["csrf_token"] = csrf_token
    config = _build_config(app.config)
    state.components["csrf"] = config
    if not app.config["BASTION_CSRF"]:
        log.warning("flask-bastion: BASTION_CSRF is off; state-changing requests are unchecked")
        return
    if CSRFError not in app.error_handler_spec[None][403]:
        app.register_error_handler(CSRFError, _render_refusal)
    app.before_request(_make_guard(app, config))
