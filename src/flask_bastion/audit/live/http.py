"""Probes of a running deployment over HTTP(S), with the standard library only.

Only ``GET``, ``HEAD`` and ``OPTIONS`` are sent unless the caller allows
more (``TRACE``). Every failure of the network (timeout, refused or reset
connection, TLS error, unknown host, redirect loop) becomes an
:class:`Exchange` with ``error`` and ``failure`` set, never an exception:
the runner turns the first one into a clear diagnostic or finding and stops
sending requests to a host that does not answer.
"""

from __future__ import annotations

import http.client
import secrets
import socket
import ssl
from collections.abc import Sequence
from urllib.parse import urljoin, urlsplit

from .target import (
    CONSOLE,
    DEBUGGER_RESOURCE,
    EXPOSED_PREFIX,
    FORGED_HOST,
    FORGED_HOST_NAME,
    HOME,
    NOT_FOUND,
    OPTIONS,
    PLAIN_HTTP,
    TRACE,
    Exchange,
    LiveTarget,
)

MAX_REDIRECTS = 5
_BODY_LIMIT = 65_536
USER_AGENT = "flask-bastion-check"

EXPOSED_FILES: tuple[str, ...] = (
    ".env",
    ".env.bak",
    ".git/config",
    ".git/HEAD",
    "config.py",
    "config.py.bak",
    "settings.py",
    "app.py",
    "app.py~",
    "app.py.bak",
    "wsgi.py",
    "instance/config.py",
)


class Client:
    """Sends one request per connection; never raises for network trouble."""

    def __init__(self, timeout: float, ca_file: str | None = None) -> None:
        self.timeout = timeout
        self.context = ssl.create_default_context(cafile=ca_file)

    def send(self, method: str, url: str, headers: dict[str, str] | None = None) -> Exchange:
        parts = urlsplit(url)
        path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        conn = self._connection(parts.scheme, parts.hostname or "", parts.port)
        try:
            conn.request(method, path, headers={"User-Agent": USER_AGENT, **(headers or {})})
            response = conn.getresponse()
            body = b"" if method == "HEAD" else response.read(_BODY_LIMIT)
            return Exchange(method, url, response.status, tuple(response.getheaders()), body)
        except Exception as exc:
            failure, reason = _classify(exc, self.timeout)
            return Exchange(method, url, error=reason, failure=failure)
        finally:
            conn.close()

    def follow(self, url: str) -> tuple[Exchange, Exchange]:
        """GET *url* following redirects; return (first hop, final answer)."""
        first = current = self.send("GET", url)
        visited = [url]
        while current.status in (301, 302, 303, 307, 308) and current.header("Location"):
            target = urljoin(current.url, current.header("Location") or "")
            if target in visited:
                chain = " -> ".join([*visited, target])
                return first, _failed(url, "redirect-loop", f"redirect loop: {chain}")
            if len(visited) > MAX_REDIRECTS:
                reason = f"more than {MAX_REDIRECTS} redirects, last to {target}"
                return first, _failed(url, "redirect-limit", reason)
            visited.append(target)
            current = self.send("GET", target)
        return first, current

    def _connection(self, scheme: str, host: str, port: int | None) -> http.client.HTTPConnection:
        if scheme == "https":
            return http.client.HTTPSConnection(
                host, port, timeout=self.timeout, context=self.context
            )
        return http.client.HTTPConnection(host, port, timeout=self.timeout)


def _failed(url: str, failure: str, reason: str) -> Exchange:
    return Exchange("GET", url, error=reason, failure=failure)


def _classify(exc: Exception, timeout: float) -> tuple[str, str]:
    """A failure kind and a sentence a user can act on."""
    if isinstance(exc, ssl.SSLCertVerificationError):
        return "tls", f"TLS certificate not accepted: {exc.verify_message or exc.reason}"
    if isinstance(exc, ssl.SSLError):
        return "tls", f"TLS handshake failed: {exc.reason or exc}"
    if isinstance(exc, (TimeoutError, socket.timeout)):
        return "timeout", f"no answer within {timeout:g} s (timed out)"
    if isinstance(exc, ConnectionRefusedError):
        return "refused", "connection refused: nothing listens on that port"
    if isinstance(exc, (ConnectionResetError, BrokenPipeError, http.client.RemoteDisconnected)):
        return "reset", "the server closed or reset the connection without answering"
    if isinstance(exc, socket.gaierror):
        return "dns", "host name not found"
    return "other", f"{type(exc).__name__}: {exc}"


def probe_url(
    url: str,
    *,
    timeout: float,
    allow_methods: Sequence[str],
    ca_file: str | None = None,
) -> LiveTarget:
    """Probe *url*; when the first request fails, only ``HOME`` is recorded."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"not an http(s) URL: {url!r}")
    client = Client(timeout, ca_file)
    first, home = client.follow(url)
    final = urlsplit(home.url)
    target = LiveTarget(
        label=url,
        https=final.scheme == "https",
        session_cookie_name=None,
        trace_allowed="TRACE" in allow_methods,
    )
    target.exchanges[HOME] = home
    if not home.answered:
        return target
    origin = f"{final.scheme}://{final.netloc}"
    plain = _plain_http(client, parts.scheme, first, parts.hostname, parts.port)
    if plain is not None:
        target.exchanges[PLAIN_HTTP] = plain
    send = client.send
    target.exchanges[NOT_FOUND] = send("GET", f"{origin}/bastion-probe-{secrets.token_hex(4)}")
    target.exchanges[CONSOLE] = send("GET", f"{origin}/console")
    target.exchanges[DEBUGGER_RESOURCE] = send(
        "GET", f"{origin}/?__debugger__=yes&cmd=resource&f=style.css"
    )
    if "OPTIONS" in allow_methods:
        target.exchanges[OPTIONS] = send("OPTIONS", home.url)
    if "TRACE" in allow_methods:
        target.exchanges[TRACE] = send("TRACE", home.url)
    target.exchanges[FORGED_HOST] = send("GET", home.url, {"Host": FORGED_HOST_NAME})
    for name in EXPOSED_FILES:
        target.exchanges[EXPOSED_PREFIX + name] = send("GET", f"{origin}/{name}")
    return target


def _plain_http(
    client: Client, scheme: str, first: Exchange, host: str, port: int | None
) -> Exchange | None:
    """The plain-HTTP answer: the first hop of an http URL, or port 80 beside an https one."""
    if scheme == "http":
        return first
    if port not in (None, 443):
        return None  # no way to know which port serves plain HTTP
    return client.send("GET", f"http://{host}/")
