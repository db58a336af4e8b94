"""M02/M21: HTTPS everywhere, the proxy chain, and the host names served.

Three settings, three library features wired with safe defaults:

* ``BASTION_TRUSTED_PROXIES`` — how many reverse proxies stand in front of
  the app. Only when it is above 0 is ``app.wsgi_app`` wrapped in Werkzeug's
  ``ProxyFix`` with that hop count for ``X-Forwarded-For/Proto/Host/Port``
  (a subclass that reads plain header values without Werkzeug's
  per-character parser, to the same result).
  At 0 (the default) every ``X-Forwarded-*`` header is ignored, because any
  client can send them: trusting them without a proxy that overwrites them
  lets a client claim HTTPS, another host or another IP.
* ``BASTION_TRUSTED_HOSTS`` — copied to Flask's ``TRUSTED_HOSTS``, so a
  request with a forged ``Host`` header is answered with 400 before any view
  builds a URL (password-reset links, redirects) from it.
* ``BASTION_FORCE_HTTPS`` — a plain-HTTP ``GET``/``HEAD``/``OPTIONS`` is
  redirected with 308 to the same host, path and query on ``https``. Any
  other method is refused with 403 instead of redirected: its body (a
  password, a token) has already crossed the network in clear, and a
  redirect would make the client repeat it silently and hide the bug (a form
  or client posting to ``http://``) that must be fixed. Both answers come
  from a WSGI layer inside ``ProxyFix`` and before Flask, so a secure request
  pays one dict lookup and the 403 is Werkzeug's plain page, not the app's.

What this does *not* do: it cannot protect the very first plain-HTTP request
of a browser that has never seen the site's HSTS header (use HSTS preload),
and it cannot tell how many proxies there really are: a count higher than
the real chain lets clients forge the headers again.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

from werkzeug.exceptions import Forbidden, SecurityError
from werkzeug.http import parse_list_header
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.sansio.utils import get_current_url
from werkzeug.utils import redirect
from werkzeug.wrappers import Request

from ..errors import ConfigurationError

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIApplication, WSGIEnvironment
    from flask import Config, Flask

    from ..extension import BastionState

_REDIRECTABLE = frozenset({"GET", "HEAD", "OPTIONS"})
_PLAIN_LIST = re.compile(r"[A-Za-z0-9.:\[\]_\-, ]*")
"""Addresses, schemes, host names, ports: no quotes, escapes or odd whitespace."""


class HTTPSRequired(Forbidden):
    """A state-changing request arrived over plain HTTP and was refused."""

    description = "This site only accepts this request over HTTPS. Send it to the https:// address."


def _proxy_count(app: Flask) -> int:
    value = app.config["BASTION_TRUSTED_PROXIES"]
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ConfigurationError(
            "BASTION_TRUSTED_PROXIES",
            f"expected the number of reverse proxies in front of the app (an int >= 0), "
            f"got {value!r}",
            "use 0 when clients reach the app directly, 1 behind one proxy (nginx, a load "
            "balancer), and so on; never more than the real chain",
        )
    return value


def _trusted_hosts(app: Flask) -> list[str] | None:
    value = app.config["BASTION_TRUSTED_HOSTS"]
    if value is None:
        return None
    if isinstance(value, str) or not isinstance(value, Iterable):
        raise ConfigurationError(
            "BASTION_TRUSTED_HOSTS",
            f"expected a list of host names, got {type(value).__name__}",
            'write ["example.com", ".example.com"] (a leading dot allows subdomains)',
        )
    hosts = list(value)
    if not hosts or not all(isinstance(h, str) and h for h in hosts):
        raise ConfigurationError(
            "BASTION_TRUSTED_HOSTS",
            "an empty list or an empty name would trust every Host header",
            "list the names the app answers to, or leave the setting None",
        )
    current = app.config.get("TRUSTED_HOSTS")
    if current is not None and list(current) != hosts:
        raise ConfigurationError(
            "BASTION_TRUSTED_HOSTS",
            "it disagrees with Flask's TRUSTED_HOSTS, which is also set",
            "set only one of them",
        )
    return hosts


def _wrap_proxy_fix(app: Flask, proxies: int) -> None:
    """Wrap ``app.wsgi_app`` in ProxyFix; refuse to stack on another one."""
    if isinstance(app.wsgi_app, ProxyFix):
        raise ConfigurationError(
            "BASTION_TRUSTED_PROXIES",
            "app.wsgi_app is already wrapped in ProxyFix (by the app or an earlier "
            "init_app), so every hop would be trusted twice",
            "remove the app's own ProxyFix and let BASTION_TRUSTED_PROXIES configure it",
        )
    app.wsgi_app = _ProxyFix(  # type: ignore[method-assign]
        app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies, x_port=proxies
    )


class _ProxyFix(ProxyFix):
    """Werkzeug's ``ProxyFix``, with a fast path for plain header values.

    ``parse_list_header`` walks the value one character at a time (for
    quoted strings). A value of addresses, schemes, host names or ports
    holds none, so splitting on commas gives the same items; anything else,
    or an empty item, still goes through Werkzeug's parser.
    """

    def _get_real_value(self, trusted: int, value: str | None) -> str | None:
        if not (trusted and value):
            return None
        values = _list_items(value)
        return values[-trusted] if len(values) >= trusted else None


def _list_items(value: str) -> list[str]:
    """``parse_list_header(value)``; for plain values, without its per-character loop."""
    if _PLAIN_LIST.fullmatch(value):
        items = [item.strip(" ") for item in value.split(",")]
        if all(items):
            return items
    return parse_list_header(value)


def install(app: Flask, state: BastionState) -> None:
    """Wire the HTTPS check, then ProxyFix around it, then TRUSTED_HOSTS."""
    proxies = _proxy_count(app)
    hosts = _trusted_hosts(app)
    force_https = app.config["BASTION_FORCE_HTTPS"]
    if not isinstance(force_https, bool):
        raise ConfigurationError(
            "BASTION_FORCE_HTTPS", f"expected True or False, got {force_https!r}", "use a bool"
        )
    if hosts is not None:
        app.config["TRUSTED_HOSTS"] = hosts
    if force_https:  # inside ProxyFix, so it sees the scheme the proxy reported
        app.wsgi_app = _RequireHTTPS(app.wsgi_app, app.config)  # type: ignore[method-assign]
    if proxies:
        _wrap_proxy_fix(app, proxies)
    state.components["transport"] = {
        "trusted_proxies": proxies,
        "trusted_hosts": hosts,
        "force_https": force_https,
    }


class _RequireHTTPS:
    """A WSGI layer: HTTPS passes straight through; plain HTTP never reaches the app.

    A secure request costs one dict lookup. A plain-HTTP one is answered
    here, after the ``Host`` header is checked against ``TRUSTED_HOSTS`` (a
    redirect must not point at a forged host): 308 to the same URL on https
    for ``GET``/``HEAD``/``OPTIONS``, 403 for the rest (see the module
    docstring for why).
    """

    def __init__(self, wsgi_app: WSGIApplication, config: Config) -> None:
        self.app = wsgi_app
        self._config = config  # TRUSTED_HOSTS is read when needed, as Flask does

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        if environ["wsgi.url_scheme"] == "https":
            return self.app(environ, start_response)
        return self._answer(environ)(environ, start_response)

    def _answer(self, environ: WSGIEnvironment) -> WSGIApplication:
        request = Request(environ)
        request.trusted_hosts = self._config["TRUSTED_HOSTS"]
        try:
            host = request.host
        except SecurityError as error:
            return error
        if request.method not in _REDIRECTABLE:
            return HTTPSRequired()
        # get_host already dropped a default :80; any other port is kept as given.
        url = get_current_url("https", host, request.root_path, request.path, request.query_string)
        return redirect(url, 308)
