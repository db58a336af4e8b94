"""Where the payload lives: a signed cookie, or a store keyed by a hashed id.

Each backend answers four questions for the shared interface: how to read a
session from the cookie value, how to write it, how to make the old
identity unusable (retire), and how to log a user out everywhere.
"""

from __future__ import annotations

import base64
import binascii
import secrets
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from itsdangerous import BadSignature

from .codec import SessionCodec, TaggedJSON, signing_key_list
from .interface import BastionSession, BastionSessionInterface, Meta, SessionState
from .stores import SessionStore, digest

if TYPE_CHECKING:
    from flask import Flask
    from flask.wrappers import Response


def _decode(blob: bytes) -> tuple[Meta, dict[str, Any]] | None:
    try:
        payload = TaggedJSON.loads(blob.decode())
    except (ValueError, TypeError, KeyError):
        return None
    return _parse(payload)


def _parse(payload: Any) -> tuple[Meta, dict[str, Any]] | None:
    if not isinstance(payload, dict) or not isinstance(payload.get("d"), dict):
        return None
    meta = Meta.parse(payload.get("m"))
    return None if meta is None else (meta, payload["d"])


def _encode(meta: Meta, data: Mapping[str, Any]) -> str:
    return TaggedJSON.dumps({"m": meta.dump(), "d": dict(data)})


class CookieSessionInterface(BastionSessionInterface):
    """Signed cookie sessions (Flask's signing, ``SECRET_KEY_FALLBACKS`` honoured).

    The payload carries a per-session nonce; regeneration retires the old
    nonce in the revocation store, so a copy of the old cookie is refused.
    """

    _codec: tuple[tuple[str | bytes, ...], SessionCodec] | None = None

    def _ready(self, app: Flask) -> bool:
        return bool(app.secret_key)

    def _signer(self, app: Flask) -> SessionCodec:
        """The codec of the app's current key list, rebuilt only when the keys change."""
        keys = signing_key_list(app)
        cached = self._codec
        if cached is None or cached[0] != keys:
            cached = self._codec = (keys, SessionCodec(keys))
        return cached[1]

    def _read(
        self, app: Flask, raw: str, session: BastionSession
    ) -> tuple[Meta, dict[str, Any]] | None:
        try:
            payload = self._signer(app).loads(raw, max_age=self.state.absolute)
        except BadSignature:
            return None
        return _parse(payload)

    def revoke_user(self, user: str) -> None:
        self.state.revocation.bump_user_version(digest("user", user))

    def _revoked(self, meta: Meta) -> bool:
        version, nonce_revoked = self.state.revocation.revocation(
            digest("user", meta.user or ""), digest("nonce", meta.nonce)
        )
        return nonce_revoked or version != meta.version

    def _user_version(self, user: str) -> int:
        return self.state.revocation.revocation(digest("user", user), None)[0]

    def _write(self, app: Flask, session: BastionSession, response: Response) -> None:
        assert session.meta is not None and session.data is not None
        value = self._signer(app).dumps({"m": session.meta.dump(), "d": session.data})
        self._set_cookie(app, response, value, session.meta, session.permanent)

    def _retire(self, session: BastionSession, meta: Meta, *, revoke: bool) -> bool:
        # Only a signed-in cookie is worth revoking: an anonymous copy grants nothing.
        if not revoke or meta.user is None:
            return False
        self.state.revocation.revoke_nonce(digest("nonce", meta.nonce), self.state.absolute)
        return True


_SID_BYTES = 32


class ServerSessionInterface(BastionSessionInterface):
    """Server-side sessions: the cookie holds only a random 256-bit id.

    The id is not signed: 256 random bits cannot be guessed, and leaving the
    secret key out means rotating it logs nobody out. The store key is the
    id's SHA-256, so read access to the store does not yield usable cookies.
    An id the store does not know is never adopted: a new one is issued.
    """

    def __init__(self, state: SessionState, store: SessionStore) -> None:
        super().__init__(state)
        self.store = store

    def _read(
        self, app: Flask, raw: str, session: BastionSession
    ) -> tuple[Meta, dict[str, Any]] | None:
        if not _well_formed(raw):
            return None
        blob = self.store.load(digest("sid", raw))
        if blob is None:
            return None
        session.sid = raw
        return _decode(blob)

    def _write(self, app: Flask, session: BastionSession, response: Response) -> None:
        meta, data = session.meta, session.data
        assert meta is not None and data is not None
        if session.sid is None:
            session.sid = base64.urlsafe_b64encode(secrets.token_bytes(_SID_BYTES)).decode()
            session.sid = session.sid.rstrip("=")
            session.sid_is_new = True
        now = self.state.clock()
        ttl = int(min(self.state.idle, meta.created + self.state.absolute - now)) + 1
        user = None if meta.user is None else digest("user", meta.user)
        blob = _encode(meta, data).encode()
        key = digest("sid", session.sid)
        if not self.store.save(key, blob, ttl, user=user, create=session.sid_is_new):
            return  # deleted meanwhile by a logout or revocation: stay deleted
        if session.sid_is_new or (session.modified and session.permanent):
            self._set_cookie(app, response, session.sid, meta, session.permanent)

    def revoke_user(self, user: str) -> None:
        self.store.delete_user_sessions(digest("user", user))

    def _retire(self, session: BastionSession, meta: Meta, *, revoke: bool) -> bool:
        if session.sid is None:
            return False
        self.store.delete(digest("sid", session.sid))
        session.sid = None
        return True


def _well_formed(raw: str) -> bool:
    if len(raw) != 43:
        return False
    try:
        return len(base64.urlsafe_b64decode(raw + "=")) == _SID_BYTES
    except (binascii.Error, ValueError):
        return False
