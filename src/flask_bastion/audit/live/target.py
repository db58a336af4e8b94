"""What live rules read: the exchanges a probe run observed, and the app when imported.

A :class:`LiveTarget` is the context object of ``Scope.LIVE`` rules. The
probes (``probes.py`` in-process, ``http.py`` over the network) fill it;
rules only read it, so one rule about response headers serves both
``--app`` and ``--url``. Rules that need configuration or the URL map read
``target.app`` and return nothing when it is ``None`` (a ``--url`` run).
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..finding import Probe

if TYPE_CHECKING:
    from flask import Flask

# Probe names: the keys of ``LiveTarget.exchanges``.
HOME = "home"
NOT_FOUND = "not-found"
ERROR = "error"
PLAIN_HTTP = "plain-http"
CONSOLE = "console"
DEBUGGER_RESOURCE = "debugger-resource"
OPTIONS = "options"
TRACE = "trace"
FORGED_HOST = "forged-host"
SESSION = "session"
EXPOSED_PREFIX = "exposed:"

FORGED_HOST_NAME = "bastion-probe.invalid"
CROSS_SITE_ORIGIN = "https://bastion-probe.invalid"

_SECRET_ATTR = re.compile(r"^([^=;]*)=([^;]*)")


class Auth(str, enum.Enum):
    """Whether a route answered an anonymous request before its view ran."""

    REQUIRED = "login required"
    PUBLIC = "public"
    UNKNOWN = "not determined"


class Csrf(str, enum.Enum):
    """What a cross-site request without a token did to a state-changing route."""

    REJECTED = "rejected"
    ACCEPTED = "accepted"
    NOT_APPLICABLE = "no state-changing method"
    UNKNOWN = "not determined"


@dataclass(frozen=True)
class Exchange:
    """One request sent and what came back; ``error`` says why nothing did."""

    method: str
    url: str
    status: int | None = None
    headers: tuple[tuple[str, str], ...] = ()
    body: bytes = b""
    error: str = ""
    note: str = ""
    failure: str = ""
    """Why there is no response, as a kind: ``timeout``, ``refused``, ``reset``,
    ``tls``, ``dns``, ``redirect-loop``, ``redirect-limit``, ``app`` (the app raised),
    ``propagated`` (debug mode let the exception out to the server) or ``other``."""

    def header(self, name: str) -> str | None:
        lowered = name.lower()
        return next((v for k, v in self.headers if k.lower() == lowered), None)

    def header_all(self, name: str) -> list[str]:
        lowered = name.lower()
        return [v for k, v in self.headers if k.lower() == lowered]

    @property
    def answered(self) -> bool:
        return self.status is not None

    @property
    def is_html(self) -> bool:
        return "html" in (self.header("Content-Type") or "").lower()

    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")

    def probe(self, note: str = "") -> Probe:
        """The evidence form: cookie values are replaced, bodies are left out."""
        headers = tuple((k, _redact(k, v)) for k, v in self.headers)
        detail = "; ".join(x for x in (self.note, self.error, note) if x)
        return Probe(self.method, self.url, self.status, headers, detail)


def _redact(name: str, value: str) -> str:
    if name.lower() in ("set-cookie", "cookie"):
        return _SECRET_ATTR.sub(lambda m: f"{m.group(1)}=<redacted>", value, count=1)
    return value


@dataclass(frozen=True)
class Cookie:
    """A ``Set-Cookie`` header as sent, attributes keyed in lower case."""

    name: str
    attributes: dict[str, str]
    exchange: Exchange

    @classmethod
    def parse(cls, header: str, exchange: Exchange) -> Cookie:
        first, *rest = header.split(";")
        name = first.split("=", 1)[0].strip()
        attributes: dict[str, str] = {}
        for part in rest:
            key, _, value = part.strip().partition("=")
            if key:
                attributes[key.lower()] = value.strip()
        return cls(name, attributes, exchange)

    @property
    def deleting(self) -> bool:
        """A cookie being cleared (expired) carries no session worth protecting."""
        return self.attributes.get("max-age") == "0" or "1970" in self.attributes.get("expires", "")


@dataclass(frozen=True)
class Route:
    """One URL rule of the imported app and what the probes learned about it."""

    rule: str
    endpoint: str
    methods: tuple[str, ...]
    auth: Auth = Auth.UNKNOWN
    """What an anonymous probe showed (the view replaced by a sentinel)."""
    declared_auth: str = ""
    """What the markers say (``flask_bastion.routes.Auth``): decorators, default deny."""
    csrf: Csrf = Csrf.NOT_APPLICABLE
    rate_limited: bool | None = None
    sensitive: bool = False
    login_like: bool = False
    auth_exchange: Exchange | None = None
    csrf_exchange: Exchange | None = None

    @property
    def state_changing(self) -> tuple[str, ...]:
        return tuple(m for m in self.methods if m in STATE_CHANGING)


STATE_CHANGING = ("POST", "PUT", "PATCH", "DELETE")


@dataclass
class LiveTarget:
    """Everything one live run observed; the context of ``Scope.LIVE`` rules."""

    label: str
    """``module:app`` or the URL, as the user gave it."""
    app: Flask | None = None
    https: bool = True
    """Whether the probes spoke HTTPS (HSTS and ``Secure`` only mean something then)."""
    exchanges: dict[str, Exchange] = field(default_factory=dict)
    routes: list[Route] = field(default_factory=list)
    session_cookie_name: str | None = None
    """Known for an imported app; ``None`` over the network (judged by name)."""
    trace_allowed: bool = True
    versions: dict[str, str] = field(default_factory=dict)
    extensions: tuple[str, ...] = ()
    """Keys of ``app.extensions`` after every ``init_app`` (``csrf``, ``limiter``, ...)."""
    """Installed distribution versions where the app was imported (name -> version)."""

    def get(self, name: str) -> Exchange | None:
        exchange = self.exchanges.get(name)
        return exchange if exchange is not None and exchange.answered else None

    def answered(self) -> Iterator[tuple[str, Exchange]]:
        return ((k, v) for k, v in self.exchanges.items() if v.answered)

    def cookies(self) -> list[Cookie]:
        """Every cookie set on any answered probe, first occurrence per name."""
        seen: dict[str, Cookie] = {}
        for _, exchange in self.answered():
            for header in exchange.header_all("Set-Cookie"):
                cookie = Cookie.parse(header, exchange)
                if cookie.name and not cookie.deleting:
                    seen.setdefault(cookie.name, cookie)
        return list(seen.values())

    def session_cookies(self) -> list[Cookie]:
        """The cookies that carry a login: the app's session cookie, or session-like names."""
        cookies = self.cookies()
        if self.session_cookie_name is not None:
            return [c for c in cookies if c.name == self.session_cookie_name]
        return [c for c in cookies if SESSION_LIKE.search(c.name) and not CSRF_LIKE.search(c.name)]


SESSION_LIKE = re.compile(r"sess|sid|remember|auth|login|jwt", re.IGNORECASE)
CSRF_LIKE = re.compile(r"csrf|xsrf", re.IGNORECASE)
