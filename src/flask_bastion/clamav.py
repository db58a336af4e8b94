"""A small ClamAV ``clamd`` client for the upload ``scan`` hook (optional).

It speaks clamd's ``INSTREAM`` command over TCP or a Unix socket: the file
is sent in chunks, each prefixed by its length as a 4-byte big-endian
integer, ended by a zero-length chunk; clamd answers ``stream: OK`` or
``stream: <signature> FOUND``. Anything else (an ``ERROR`` reply, a timeout,
a refused connection) raises :class:`ClamdError`, which
:class:`~flask_bastion.mitigations.uploads.UploadPolicy` turns into a
refused upload: a scanner that cannot scan never lets a file through.

Keep the chunks under clamd's ``StreamMaxLength`` (25 MB by default) in
total, or clamd answers ``INSTREAM size limit exceeded``.
"""

from __future__ import annotations

import socket
import struct
from typing import IO

_CHUNK = 64 * 1024


class ClamdError(Exception):
    """clamd could not scan the stream (unreachable, error reply, timeout)."""


class ClamdScanner:
    """``UploadPolicy(..., scan=ClamdScanner())``: scan each upload with clamd.

    Calling the scanner with a binary stream returns None when clean and the
    signature name when clamd found something.
    """

    def __init__(
        self,
        host: str = "127.0.0.1",
        port: int = 3310,
        *,
        unix_socket: str | None = None,
        timeout: float = 30.0,
    ) -> None:
        self.host = host
        self.port = port
        self.unix_socket = unix_socket
        self.timeout = timeout

    def __call__(self, stream: IO[bytes]) -> str | None:
        try:
            with self._connect() as conn:
                conn.sendall(b"zINSTREAM\0")
                while chunk := stream.read(_CHUNK):
                    conn.sendall(struct.pack("!L", len(chunk)) + chunk)
                conn.sendall(struct.pack("!L", 0))
                reply = _read_reply(conn)
        except OSError as error:
            raise ClamdError(f"clamd unreachable or timed out: {error}") from error
        return _parse_reply(reply)

    def _connect(self) -> socket.socket:
        if self.unix_socket:
            conn = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            conn.settimeout(self.timeout)
            conn.connect(self.unix_socket)
            return conn
        return socket.create_connection((self.host, self.port), timeout=self.timeout)


def _read_reply(conn: socket.socket) -> bytes:
    reply = b""
    while not reply.endswith(b"\0"):
        data = conn.recv(4096)
        if not data:
            break
        reply += data
    return reply.rstrip(b"\0").strip()


def _parse_reply(reply: bytes) -> str | None:
    text = reply.decode("utf-8", "replace")
    if text == "stream: OK":
        return None
    if text.startswith("stream: ") and text.endswith(" FOUND"):
        return text[len("stream: ") : -len(" FOUND")]
    raise ClamdError(f"unexpected clamd reply: {text[:200]!r}")
