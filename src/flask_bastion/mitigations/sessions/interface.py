"""The session interface: lazy loading, timeouts, revocation, fail-closed saving.

One base class holds what every backend shares (timeouts, user binding,
revocation checks, the 503 on a store outage); the two small subclasses in
``backends.py`` say where the payload lives: in a signed cookie, or in a
store under the SHA-256 of a random 256-bit id that the cookie carries.

The session is loaded on first use, not when the request starts, so requests
that never touch it never touch the store either. A store outage while the
view runs raises :class:`SessionStoreUnavailable` (a 503 the app may handle
like any HTTP error); an outage after the view (saving, or Flask-Login's
after-request hook reading the session) turns the response into that 503.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

from flask import after_this_request, has_request_context, json, request
from flask.sessions import SessionInterface, SessionMixin
from werkzeug.exceptions import ServiceUnavailable

from ..cookies import cookie_options
from ..events import security_event
from .stores import SessionStore, StoreUnavailable

if TYPE_CHECKING:
    from flask import Flask
    from flask.wrappers import Request, Response

CSRF_KEY = "csrf_token"
"""Mirrors ``CSRF_SESSION_KEY`` in ``mitigations/csrf.py``: dropped on regeneration."""

ALWAYS_KEPT = frozenset({"_permanent"})
"""Flask's own bookkeeping survives every regeneration."""

_RETRY_AFTER = 5


class SessionStoreUnavailable(ServiceUnavailable):
    """The session store did not answer, so the request is refused (503).

    A subclass of werkzeug's ``ServiceUnavailable`` so apps can register an
    ``errorhandler`` for it. The guard never serves such a request with an
    empty or cookie-only session instead: that would log people out or in
    the wrong way silently.
    """

    description = (
        "Sessions are temporarily unavailable, so this request was not processed. "
        "Please retry in a moment."
    )

    def __init__(self, store: str = "session") -> None:
        super().__init__(retry_after=_RETRY_AFTER)
        self.store = store

    def _wants_json(self) -> bool:
        if not has_request_context():
            return False
        best = request.accept_mimetypes.best_match(["text/html", "application/json"])
        return best == "application/json"

    def get_body(self, environ: Any = None, scope: Any = None) -> str:
        if self._wants_json():
            return json.dumps(
                {"error": "session_store_unavailable", "status": 503, "message": self.description}
            )
        return super().get_body(environ, scope)

    def get_headers(self, environ: Any = None, scope: Any = None) -> list[tuple[str, str]]:
        headers = super().get_headers(environ, scope)
        if self._wants_json():
            headers = [(k, v) for k, v in headers if k.lower() != "content-type"]
            headers.append(("Content-Type", "application/json"))
        return headers


@dataclass
class Meta:
    """What the guard keeps beside the app's data; never visible in ``session``."""

    created: float
    seen: float
    nonce: str
    user: str | None = None
    version: int = 0

    def dump(self) -> list[Any]:
        return [self.created, self.seen, self.nonce, self.user, self.version]

    @classmethod
    def parse(cls, raw: Any) -> Meta | None:
        """Rebuild from :meth:`dump`; anything malformed is no session at all."""
        if not isinstance(raw, list) or len(raw) != 5:
            return None
        created, seen, nonce, user, version = raw
        if not (isinstance(created, (int, float)) and isinstance(seen, (int, float))):
            return None
        if not isinstance(nonce, str) or not isinstance(version, int):
            return None
        if user is not None and not isinstance(user, str):
            return None
        return cls(float(created), float(seen), nonce, user, version)


@dataclass
class SessionState:
    """Per-app session settings; ``get_state(app).components["sessions"]``.

    ``clock`` is injectable so tests move time instead of sleeping.
    """

    idle: int
    absolute: int
    user_key: str
    revocation: SessionStore
    clock: Callable[[], float]
    touch_interval: int = field(init=False)

    def __post_init__(self) -> None:
        # Refreshing "last seen" on every request would make every request a
        # write; a session may instead expire up to this much early.
        self.touch_interval = max(1, min(60, self.idle // 10))


class BastionSession(SessionMixin):
    """A session that loads itself on first use.

    Behaves like Flask's: a mutable mapping with ``permanent``, ``modified``
    and ``accessed``. Nested mutable values are not tracked; set
    ``session.modified = True`` after changing one, as with Flask.
    """

    modified = False
    new = False

    def __init__(self, loader: Callable[[BastionSession], None], cookie_present: bool) -> None:
        self._loader = loader
        self.cookie_present = cookie_present
        self.data: dict[str, Any] | None = None
        self.meta: Meta | None = None
        self.sid: str | None = None
        self.sid_is_new = False
        self.failure: SessionStoreUnavailable | None = None
        self.responding = False
        self.withhold_response = False
        """Set when the store failed after the view: the response must become the 503."""

    def start(self, meta: Meta, data: Mapping[str, Any], *, sid: str | None = None) -> None:
        self.meta, self.data, self.sid = meta, dict(data), sid
        self.sid_is_new = False

    def loaded(self) -> dict[str, Any]:
        """The data, loading it first; a store outage raises unless responding."""
        if self.data is None:
            if self.failure is None:
                try:
                    self._loader(self)
                except SessionStoreUnavailable as exc:
                    self.failure = exc
                    # Past the view nobody can handle the error: rewrite the response.
                    self.withhold_response = self.responding
            if self.failure is not None:
                if not self.responding:
                    raise self.failure
                return {}
        assert self.data is not None
        return self.data

    def mark_responding(self, response: Response) -> Response:
        """Past the view: an outage now rewrites the response instead of raising."""
        self.responding = True
        return response

    def __getitem__(self, key: str) -> Any:
        return self.loaded()[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.loaded()[key] = value
        self.modified = True

    def __delitem__(self, key: str) -> None:
        del self.loaded()[key]
        self.modified = True

    def __iter__(self) -> Iterator[str]:
        return iter(self.loaded())

    def __len__(self) -> int:
        return len(self.loaded())

    def __contains__(self, key: object) -> bool:
        return key in self.loaded()

    def __repr__(self) -> str:
        state = "unloaded" if self.data is None else f"{len(self.data)} keys"
        return f"<BastionSession {state}>"


def new_nonce() -> str:
    return secrets.token_urlsafe(16)


class BastionSessionInterface(SessionInterface):
    """Shared behaviour; subclasses implement ``_read``, ``_write``, ``_retire``."""

    def __init__(self, state: SessionState) -> None:
        self.state = state

    # -- Flask's entry points ---------------------------------------------

    def open_session(self, app: Flask, request: Request) -> BastionSession | None:
        if not self._ready(app):
            return None
        raw = request.cookies.get(self.get_cookie_name(app)) or None
        session = BastionSession(lambda s: self._load(app, raw, s), cookie_present=bool(raw))
        after_this_request(session.mark_responding)
        return session

    def save_session(self, app: Flask, session: SessionMixin, response: Response) -> None:
        assert isinstance(session, BastionSession)
        if session.accessed:
            response.vary.add("Cookie")
        if session.failure is None and session.data is not None:
            try:
                self._save(app, session, response)
            except StoreUnavailable as exc:
                session.failure = self.unavailable(exc)
                session.withhold_response = True
        # A failure during the view already became the app's error response.
        if session.failure is not None and session.withhold_response:
            _become(response, session.failure)

    def _ready(self, app: Flask) -> bool:
        return True

    # -- loading -----------------------------------------------------------

    def _load(self, app: Flask, raw: str | None, session: BastionSession) -> None:
        now = self.state.clock()
        try:
            record = self._read(app, raw, session) if raw else None
            if record is not None and not self._still_valid(record[0], now, session):
                record = None
                session.modified = True
        except StoreUnavailable as exc:
            raise self.unavailable(exc) from exc
        if record is None:
            session.start(Meta(now, now, new_nonce()), {})
            session.new = True
        else:
            session.start(record[0], record[1], sid=session.sid)

    def _still_valid(self, meta: Meta, now: float, session: BastionSession) -> bool:
        reason = None
        if now - meta.created >= self.state.absolute:
            reason = "absolute"
        elif now - meta.seen >= self.state.idle:
            reason = "idle"
        if reason is not None:
            security_event("session.expired", logging.INFO, reason=reason, user=meta.user)
            self._retire(session, meta, revoke=False)
            return False
        if meta.user is not None and self._revoked(meta):
            security_event("session.revoked", user=meta.user)
            self._retire(session, meta, revoke=False)
            return False
        return True

    def unavailable(self, exc: StoreUnavailable) -> SessionStoreUnavailable:
        security_event("session.store_unavailable", logging.ERROR, store=exc.kind, error=str(exc))
        return SessionStoreUnavailable(exc.kind)

    # -- regeneration ------------------------------------------------------

    def regenerate(self, session: BastionSession, keep: Iterable[str] | None) -> None:
        """New identity for *session*: the old one is retired, chosen data kept."""
        data = session.loaded()
        if session.failure is not None:
            raise session.failure
        assert session.meta is not None
        try:
            self._retire(session, session.meta, revoke=True)
        except StoreUnavailable as exc:
            session.failure = self.unavailable(exc)
            raise session.failure from exc
        wanted = None if keep is None else set(keep) | ALWAYS_KEPT
        kept = {k: v for k, v in data.items() if k != CSRF_KEY and (wanted is None or k in wanted)}
        self._renew(session, kept)
        security_event("session.regenerated", logging.INFO, kept=sorted(kept))

    def _renew(self, session: BastionSession, data: Mapping[str, Any]) -> None:
        now = self.state.clock()
        session.start(Meta(now, now, new_nonce()), data)
        session.modified = True

    # -- saving ------------------------------------------------------------

    def _save(self, app: Flask, session: BastionSession, response: Response) -> None:
        data, meta = session.data, session.meta
        assert data is not None and meta is not None
        if not data:
            # Emptied (``session.clear()`` on logout): a copy must not work either.
            self._retire(session, meta, revoke=True)
            if session.cookie_present or session.modified:
                response.delete_cookie(self.get_cookie_name(app), **self._cookie_options(app))
            return
        self._follow_user(session, data)
        meta = session.meta
        assert meta is not None
        now = self.state.clock()
        if session.modified or now - meta.seen >= self.state.touch_interval:
            meta.seen = now
            self._write(app, session, response)

    def _follow_user(self, session: BastionSession, data: Mapping[str, Any]) -> None:
        """Bind the session to its user; a change of user gets a new identity.

        This is the safety net for apps that sign users in or out by writing
        ``BASTION_SESSION_USER_KEY`` without :func:`regenerate_session`: the
        old id is deleted (or the old cookie's nonce revoked) all the same.
        The CSRF token is kept here, since the response being saved may
        already hold forms carrying it; ``regenerate_session`` replaces it.
        """
        meta = session.meta
        assert meta is not None
        raw = data.get(self.state.user_key)
        user = None if raw is None else str(raw)
        if user == meta.user:
            return
        if self._retire(session, meta, revoke=True):
            self._renew(session, data)
            meta = session.meta
            assert meta is not None
            security_event("session.regenerated", logging.INFO, reason="user-changed")
        meta.user = user
        meta.version = 0 if user is None else self._user_version(user)

    def _set_cookie(
        self, app: Flask, response: Response, value: str, meta: Meta, perm: bool
    ) -> None:
        expires = None
        if perm:
            end = meta.created + self.state.absolute
            lifetime = app.permanent_session_lifetime.total_seconds()
            expires = datetime.fromtimestamp(min(end, meta.seen + lifetime), timezone.utc)
        response.set_cookie(
            self.get_cookie_name(app), value, expires=expires, **self._cookie_options(app)
        )

    def _cookie_options(self, app: Flask) -> dict[str, Any]:
        """The flags of M01-M04 (``Secure``, ``SameSite``, ``Partitioned``, ``__Host-``)."""
        options = cookie_options(app)
        options.setdefault("domain", self.get_cookie_domain(app))
        return options

    # -- backend hooks -----------------------------------------------------

    def revoke_user(self, user: str) -> None:
        """End every session of *user*: the store raises if it is down."""
        raise NotImplementedError

    def _revoked(self, meta: Meta) -> bool:
        return False

    def _user_version(self, user: str) -> int:
        return 0

    def _read(
        self, app: Flask, raw: str, session: BastionSession
    ) -> tuple[Meta, dict[str, Any]] | None:
        raise NotImplementedError

    def _write(self, app: Flask, session: BastionSession, response: Response) -> None:
        raise NotImplementedError

    def _retire(self, session: BastionSession, meta: Meta, *, revoke: bool) -> bool:
        """Make the session's current identity unusable; True if it had one to lose."""
        raise NotImplementedError


def _become(response: Response, error: SessionStoreUnavailable) -> None:
    """Turn *response* into *error*'s 503: the view ran, its result is withheld."""
    replacement = error.get_response()
    for name in ("Location", "Content-Disposition", "Set-Cookie", "ETag", "Last-Modified"):
        response.headers.pop(name, None)
    response.status_code = replacement.status_code
    response.headers["Content-Type"] = replacement.headers["Content-Type"]
    response.headers["Retry-After"] = replacement.headers.get("Retry-After", str(_RETRY_AFTER))
    response.headers["Cache-Control"] = "no-store"
    response.set_data(replacement.get_data())
