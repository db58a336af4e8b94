"""Real servers on free loopback ports for ``--url`` tests.

Flask apps run under Werkzeug's WSGI server in a thread (plain and TLS with
a self-signed certificate made here), plus three broken servers: one that
accepts and never answers, one that resets every connection, and one that
redirects in a loop.
"""

from __future__ import annotations

import socket
import struct
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from werkzeug.serving import BaseWSGIServer, WSGIRequestHandler, make_server


class QuietHandler(WSGIRequestHandler):
    """Werkzeug's handler without access logs."""

    def log(self, *args: Any, **kwargs: Any) -> None:
        pass


class HiddenBannerHandler(QuietHandler):
    """What a proxy with ``server_tokens off`` sends: no versions, no Werkzeug."""

    def version_string(self) -> str:
        return "nginx"


def _serve(server: BaseWSGIServer) -> Iterator[str]:
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        scheme = "https" if server.ssl_context else "http"
        yield f"{scheme}://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()


Serve = Callable[..., str]


@pytest.fixture()
def serve() -> Iterator[Serve]:
    """``serve(wsgi_app, hide_banner=False, tls=None) -> base URL``; stopped after the test."""
    stack: list[Iterator[str]] = []

    def start(app: Any, *, hide_banner: bool = False, tls: tuple[Path, Path] | None = None) -> str:
        handler = HiddenBannerHandler if hide_banner else QuietHandler
        ssl_context = (str(tls[0]), str(tls[1])) if tls else None
        server = make_server(
            "127.0.0.1", 0, app, threaded=True, request_handler=handler, ssl_context=ssl_context
        )
        gen = _serve(server)
        stack.append(gen)
        return next(gen)

    yield start
    for gen in reversed(stack):
        next(gen, None)


def _listener() -> socket.socket:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(8)
    return sock


def _accept_loop(sock: socket.socket, on_accept: Callable[[socket.socket], None]) -> None:
    while True:
        try:
            conn, _ = sock.accept()
        except OSError:
            return
        on_accept(conn)


@pytest.fixture()
def hanging_url() -> Iterator[str]:
    """Accepts connections and never answers."""
    sock, held = _listener(), []
    thread = threading.Thread(target=_accept_loop, args=(sock, held.append), daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{sock.getsockname()[1]}/"
    finally:
        sock.close()
        for conn in held:
            conn.close()


def _reset(conn: socket.socket) -> None:
    conn.recv(1024)
    conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    conn.close()  # linger 0: the peer gets a TCP RST


@pytest.fixture()
def resetting_url() -> Iterator[str]:
    """Reads the request, then resets the connection."""
    sock = _listener()
    thread = threading.Thread(target=_accept_loop, args=(sock, _reset), daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{sock.getsockname()[1]}/"
    finally:
        sock.close()


@pytest.fixture()
def closed_port_url() -> str:
    """A port nothing listens on (bound then released)."""
    sock = _listener()
    port = sock.getsockname()[1]
    sock.close()
    return f"http://127.0.0.1:{port}/"


def redirect_loop_app(environ: dict[str, Any], start_response: Callable[..., Any]) -> list[bytes]:
    """/a -> /b -> /a ... forever."""
    target = "/b" if environ["PATH_INFO"] == "/a" else "/a"
    start_response("302 Found", [("Location", target), ("Content-Length", "0")])
    return [b""]
