"""M09: security headers, with a Content-Security-Policy nonce per request.

Everything that does not change between requests is computed once, in
:func:`install`: the static headers, the HSTS value and, per endpoint, the
CSP text split around the place where a nonce goes. A request then only
pays for what it uses: a nonce is drawn (``secrets.token_urlsafe(16)``) the
first time a template or view calls :func:`csp_nonce`, and only then is the
``'nonce-…'`` source spliced into the directives of
``BASTION_CSP_NONCE_DIRECTIVES``. A page without inline scripts therefore
keeps a byte-identical, cache-friendly policy.

A header the view (or another extension) already set is never overwritten:
the view knows better than a default.

What this does *not* protect against: a nonce drawn after the headers left
(``stream_template`` rendering a nonce after the first chunk) is missing
from the policy, so the browser blocks that script; call ``csp_nonce()`` in
the view before streaming. Report-only mode ignores ``frame-ancestors``
(browsers do), which is why ``X-Frame-Options`` is still sent.
"""

from __future__ import annotations

import logging
import re
import secrets
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from flask import request

from ..errors import ConfigurationError

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIEnvironment
    from flask import Flask

    from ..extension import BastionState

log = logging.getLogger("flask_bastion")

F = TypeVar("F", bound=Callable[..., Any])

_NONCE_KEY = "flask_bastion.csp_nonce"  # in the WSGI environ: one per request
_OVERRIDE_ATTR = "_bastion_csp_override"
_DIRECTIVE = re.compile(r"^[a-z][a-z0-9-]*$")
_FORBIDDEN_IN_VALUE = re.compile(r"[;,\r\n\x00]")
_FRAME_OPTIONS = ("DENY", "SAMEORIGIN")
_REPORT_GROUP = "csp-endpoint"
_GAP = "\x00"  # cannot occur in a validated header value


def csp_nonce() -> str:
    """Return this request's CSP nonce, drawing it on first use.

    Use it on inline ``<script>``/``<style>`` tags (``nonce="{{ csp_nonce()
    }}"``); the same value lands in the ``Content-Security-Policy`` header of
    the response. Each request gets a fresh one, so an injected tag cannot
    guess it.
    """
    environ = request.environ
    nonce: str | None = environ.get(_NONCE_KEY)
    if nonce is None:
        nonce = environ[_NONCE_KEY] = secrets.token_urlsafe(16)
    return nonce


def csp(
    directives: Mapping[str, str | None] | None = None, /, **named: str | None
) -> Callable[[F], F]:
    """Override CSP directives for one view.

    Each directive given replaces the app-wide sources of that directive;
    ``None`` removes it. Names may be written with dashes (``**{"img-src":
    …}``) or underscores (``img_src=…``)::

        @app.get("/gallery")
        @csp(img_src="'self' https://cdn.example")
        def gallery(): ...

    The decorator only marks the function, so its place relative to
    ``@app.route`` does not matter. Nonces are still added to the
    ``BASTION_CSP_NONCE_DIRECTIVES`` that remain.
    """
    override: dict[str, str | None] = {}
    for name, value in {**(directives or {}), **named}.items():
        directive = name.replace("_", "-").lower()
        if not _DIRECTIVE.match(directive):
            raise ConfigurationError(
                f"@csp({name!r})", "not a directive name", "use names like img_src or 'img-src'"
            )
        override[directive] = None if value is None else _check_sources(f"@csp({name})", value)

    def mark(view: F) -> F:
        setattr(view, _OVERRIDE_ATTR, override)
        return view

    return mark


# -- the precomputed policy ----------------------------------------------------


@dataclass(frozen=True)
class _Policy:
    """One CSP as text, split where the nonce goes (``nonce.join(parts)``)."""

    plain: str
    parts: tuple[str, ...]

    def render(self, nonce: str | None) -> str:
        if nonce is None or len(self.parts) == 1:
            return self.plain
        return nonce.join(self.parts)


@dataclass(frozen=True)
class _HeaderConfig:
    """Everything the per-request hook needs, computed at start-up."""

    static: tuple[tuple[str, str, str], ...]
    """(lower-case name, name, value) always sent."""
    hsts: str | None
    csp_header: str
    csp_lower: str
    base: Mapping[str, str]
    nonce_directives: tuple[str, ...]
    report_uri: str | None


def _compile(directives: Mapping[str, str], config: _HeaderConfig) -> _Policy:
    """Turn directives into text, split where each nonce source goes."""
    plain: list[str] = []
    with_gaps: list[str] = []
    for name, sources in directives.items():
        text = f"{name} {sources}".rstrip()
        plain.append(text)
        gap = f" 'nonce-{_GAP}'" if name in config.nonce_directives else ""
        with_gaps.append(text + gap)
    if config.report_uri:
        tail = [f"report-uri {config.report_uri}", f"report-to {_REPORT_GROUP}"]
        plain += tail
        with_gaps += tail
    return _Policy(plain="; ".join(plain), parts=tuple("; ".join(with_gaps).split(_GAP)))


def _policy_for(
    app: Flask, config: _HeaderConfig, cache: dict[str | None, _Policy], endpoint: str | None
) -> _Policy:
    """The compiled policy of *endpoint*: the app's, or the view's override."""
    policy = cache.get(endpoint)
    if policy is not None:
        return policy
    view = app.view_functions.get(endpoint) if endpoint else None
    override: Mapping[str, str | None] = getattr(view, _OVERRIDE_ATTR, {})
    directives = dict(config.base)
    for name, sources in override.items():
        if sources is None:
            directives.pop(name, None)
        else:
            directives[name] = sources
    policy = _compile(directives, config)
    cache[endpoint] = policy
    return policy


# -- validation ---------------------------------------------------------------


def _check_sources(key: str, value: Any) -> str:
    if isinstance(value, (list, tuple)):
        value = " ".join(str(v) for v in value)
    if not isinstance(value, str):
        raise ConfigurationError(
            key, f"sources must be a string, got {type(value).__name__}", "write `\"'self'\"`"
        )
    if _FORBIDDEN_IN_VALUE.search(value):
        raise ConfigurationError(
            key,
            "sources contain `;`, `,` or a line break, which would inject directives",
            "give one directive's sources per key",
        )
    return value.strip()


def _check_csp(raw: Any) -> dict[str, str]:
    if not isinstance(raw, Mapping):
        raise ConfigurationError(
            "BASTION_CSP",
            f"expected a mapping of directive to sources, got {type(raw).__name__}",
            'write {"default-src": "\'self\'", ...}',
        )
    directives: dict[str, str] = {}
    for name, sources in raw.items():
        if not isinstance(name, str) or not _DIRECTIVE.match(name.lower()):
            raise ConfigurationError(
                "BASTION_CSP", f"{name!r} is not a directive name", "use names like `script-src`"
            )
        directives[name.lower()] = _check_sources(f"BASTION_CSP[{name!r}]", sources)
    return directives


def _check_header_value(key: str, value: Any) -> str | None:
    """A header setting is a string, or None/"" to leave the header out."""
    if value is None or value == "":
        return None
    if not isinstance(value, str) or "\n" in value or "\r" in value:
        raise ConfigurationError(
            key, "expected a one-line string (or None to omit the header)", "fix the value"
        )
    return value


def _check_names(key: str, raw: Any) -> tuple[str, ...]:
    if isinstance(raw, str) or not isinstance(raw, Iterable):
        raise ConfigurationError(
            key, "expected a list of names", 'write ("script-src", "style-src")'
        )
    return tuple(str(name).lower() for name in raw)


def _hsts_value(cfg: Mapping[str, Any]) -> str | None:
    if not cfg["BASTION_HSTS"]:
        return None
    max_age = cfg["BASTION_HSTS_MAX_AGE"]
    if isinstance(max_age, bool) or not isinstance(max_age, int) or max_age < 0:
        raise ConfigurationError(
            "BASTION_HSTS_MAX_AGE",
            "expected a whole number of seconds >= 0",
            "use 31536000 (one year); 0 tells browsers to forget the policy",
        )
    value = f"max-age={max_age}"
    if cfg["BASTION_HSTS_INCLUDE_SUBDOMAINS"]:
        value += "; includeSubDomains"
    if cfg["BASTION_HSTS_PRELOAD"]:
        value += "; preload"
    return value


def _frame_options(cfg: Mapping[str, Any], csp_directives: Mapping[str, str]) -> str | None:
    """``X-Frame-Options``, checked against ``frame-ancestors`` so both agree."""
    value = _check_header_value("BASTION_FRAME_OPTIONS", cfg["BASTION_FRAME_OPTIONS"])
    if value is None:
        return None
    value = value.upper()
    if value not in _FRAME_OPTIONS:
        raise ConfigurationError(
            "BASTION_FRAME_OPTIONS",
            f"{value!r} is not understood by browsers (ALLOW-FROM is obsolete)",
            "use DENY or SAMEORIGIN, and list partner sites in the CSP `frame-ancestors`",
        )
    ancestors = csp_directives.get("frame-ancestors")
    expected = "'none'" if value == "DENY" else "'self'"
    if ancestors in ("'none'", "'self'") and ancestors != expected:
        raise ConfigurationError(
            "BASTION_FRAME_OPTIONS",
            f"{value} contradicts the CSP `frame-ancestors {ancestors}`",
            f'set BASTION_CSP["frame-ancestors"] to "{expected}" as well',
        )
    return value


def _build_config(cfg: Mapping[str, Any]) -> _HeaderConfig:
    base = _check_csp(cfg["BASTION_CSP"])
    nonce_directives = _check_names(
        "BASTION_CSP_NONCE_DIRECTIVES", cfg["BASTION_CSP_NONCE_DIRECTIVES"]
    )
    for name in nonce_directives:
        if name not in base:
            raise ConfigurationError(
                "BASTION_CSP_NONCE_DIRECTIVES",
                f"{name!r} is not a directive of BASTION_CSP, so no nonce could be added",
                f"add {name!r} to BASTION_CSP or remove it from the nonce directives",
            )
    report_uri = _check_header_value("BASTION_CSP_REPORT_URI", cfg["BASTION_CSP_REPORT_URI"])
    if report_uri is not None:
        report_uri = _check_sources("BASTION_CSP_REPORT_URI", report_uri)
    static: list[tuple[str, str]] = [("X-Content-Type-Options", "nosniff")]
    named = (
        ("X-Frame-Options", _frame_options(cfg, base)),
        (
            "Referrer-Policy",
            _check_header_value("BASTION_REFERRER_POLICY", cfg["BASTION_REFERRER_POLICY"]),
        ),
        (
            "Permissions-Policy",
            _check_header_value("BASTION_PERMISSIONS_POLICY", cfg["BASTION_PERMISSIONS_POLICY"]),
        ),
        ("Cross-Origin-Opener-Policy", _check_header_value("BASTION_COOP", cfg["BASTION_COOP"])),
        ("Cross-Origin-Resource-Policy", _check_header_value("BASTION_CORP", cfg["BASTION_CORP"])),
    )
    static.extend((name, value) for name, value in named if value is not None)
    if report_uri is not None:
        static.append(("Reporting-Endpoints", f'{_REPORT_GROUP}="{report_uri}"'))
    csp_header = (
        "Content-Security-Policy-Report-Only"
        if cfg["BASTION_CSP_REPORT_ONLY"]
        else "Content-Security-Policy"
    )
    return _HeaderConfig(
        static=tuple((name.lower(), name, value) for name, value in static),
        hsts=_hsts_value(cfg),
        csp_header=csp_header,
        csp_lower=csp_header.lower(),
        base=base,
        nonce_directives=nonce_directives,
        report_uri=report_uri,
    )


# -- wiring -------------------------------------------------------------------


def install(app: Flask, state: BastionState) -> None:
    """Validate the header settings and add them to every response.

    ``csp_nonce`` is a Jinja global even when headers are off, so templates
    written for the guard keep rendering.
    """
    app.jinja_env.globals["csp_nonce"] = csp_nonce
    if not app.config["BASTION_HEADERS"]:
        log.warning("flask-bastion: BASTION_HEADERS is off; no security headers are sent")
        return
    config = _build_config(app.config)
    state.components["headers"] = config
    app.wsgi_app = _SecurityHeaders(app, config)  # type: ignore[method-assign]


class _SecurityHeaders:
    """A WSGI layer that appends the headers to the list the app answers with.

    Working on the final WSGI header list, rather than in ``after_request``,
    sees every header the view and other hooks set (so none is overwritten)
    and skips re-validating values already checked at start-up: on a small
    page this halves the cost of the headers. The nonce and the endpoint
    come from the environ, where :func:`csp_nonce` and the request put them.
    """

    def __init__(self, app: Flask, config: _HeaderConfig) -> None:
        self.app = app.wsgi_app
        self._flask_app = app
        self._config = config
        self._cache: dict[str | None, _Policy] = {None: _compile(config.base, config)}
        self._overrides: bool | None = None

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        def start(
            status: str, headers: list[tuple[str, str]], exc_info: Any = None
        ) -> Callable[[bytes], object]:
            return start_response(status, headers + self._missing(environ, headers), exc_info)

        return self.app(environ, start)

    def _missing(
        self, environ: WSGIEnvironment, headers: list[tuple[str, str]]
    ) -> list[tuple[str, str]]:
        config = self._config
        present = {name.lower() for name, _ in headers}
        missing = [(name, value) for lower, name, value in config.static if lower not in present]
        if (
            config.hsts is not None
            and environ["wsgi.url_scheme"] == "https"
            and "strict-transport-security" not in present
        ):
            missing.append(("Strict-Transport-Security", config.hsts))
        if config.csp_lower not in present:
            policy = self._policy(environ)
            missing.append((config.csp_header, policy.render(environ.get(_NONCE_KEY))))
        return missing

    def _policy(self, environ: WSGIEnvironment) -> _Policy:
        """The app's policy, or the view's when some view carries ``@csp``.

        Whether any does is checked once, at the first response, when the
        URL map is final (Flask refuses new routes after the first request).
        """
        if self._overrides is None:
            views = self._flask_app.view_functions.values()
            self._overrides = any(hasattr(view, _OVERRIDE_ATTR) for view in views)
        if not self._overrides:
            return self._cache[None]
        req = environ.get("werkzeug.request")
        endpoint = getattr(req, "endpoint", None)
        policy = self._cache.get(endpoint)
        if policy is None:
            policy = _policy_for(self._flask_app, self._config, self._cache, endpoint)
        return policy
