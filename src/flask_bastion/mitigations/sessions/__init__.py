"""M13 and M17: sessions that rotate on login, die on logout and expire.

This package replaces Flask's session interface with a thin one of our own
(``interface.py``: loading, timeouts, revocation, the 503) whose backends
(``backends.py``) keep the payload in a signed cookie (``codec.py``: Flask's
signed format, set up once per key list) or in a server-side store
(``stores.py``: SQLite on one machine, Redis for a fleet). It decides what a
session is worth on every load: too old, idle too long or revoked means a
new empty session and a security event. It knows nothing of users beyond the
one session key that names them (``BASTION_SESSION_USER_KEY``, Flask-Login's
``_user_id`` by default) and never logs a session id or cookie value.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import time
from collections.abc import Iterable
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from flask import current_app, session

from ...errors import ConfigurationError
from .backends import CookieSessionInterface, ServerSessionInterface
from .interface import (
    BastionSession,
    BastionSessionInterface,
    SessionState,
    SessionStoreUnavailable,
)
from .stores import DEFAULT_REVOCATION_URL, SQLiteStore, StoreUnavailable, open_store

if TYPE_CHECKING:
    from flask import Flask

    from ...extension import BastionState

__all__ = [
    "SessionStoreUnavailable",
    "install",
    "regenerate_session",
    "revoke_user_sessions",
]

log = logging.getLogger("flask_bastion")

_FLASK_DEFAULT_LIFETIME = timedelta(days=31)
_FLASK_LOGIN_KEYS = ("_user_id", "_fresh", "_id", "_remember", "_remember_seconds")
"""What Flask-Login has just written when ``user_logged_in`` fires."""


def regenerate_session(keep: Iterable[str] | None = None) -> None:
    """Give the current visitor a new session; call it on login and privilege change.

    Server-side sessions get a new id and the old record is deleted; cookie
    sessions get a new nonce, and when the old session belonged to a user its
    nonce is revoked so a copy of the old cookie is refused. The CSRF token
    is always dropped so a new one is issued. ``keep=None`` keeps every
    other key (as Django's ``cycle_key``); an iterable keeps only those keys.

    Runs by itself when Flask-Login's ``login_user`` and ``logout_user`` do.
    Raises :class:`SessionStoreUnavailable` (503) when the store is down.
    """
    current = session._get_current_object()  # type: ignore[attr-defined]
    interface = current_app.session_interface
    if not isinstance(current, BastionSession) or not isinstance(
        interface, BastionSessionInterface
    ):
        raise RuntimeError(
            "regenerate_session() needs Flask-Bastion's session interface: call "
            "Bastion(app) and do not replace app.session_interface afterwards"
        )
    interface.regenerate(current, keep)


def revoke_user_sessions(user_id: object) -> None:
    """Log *user_id* out everywhere (password change, "sign out all devices").

    Server-side sessions of that user are deleted; cookie sessions are
    refused on their next load (the user's session version is bumped). The
    current visitor's session is included: call :func:`regenerate_session`
    afterwards to keep them signed in. Raises :class:`SessionStoreUnavailable`
    (503) when the store is down: a revocation is never silently skipped.
    """
    interface = current_app.session_interface
    if not isinstance(interface, BastionSessionInterface):
        raise RuntimeError(
            "revoke_user_sessions() needs Flask-Bastion's session interface: call "
            "Bastion(app) and do not replace app.session_interface afterwards"
        )
    try:
        interface.revoke_user(str(user_id))
    except StoreUnavailable as exc:
        raise interface.unavailable(exc) from exc


def install(app: Flask, state: BastionState) -> None:
    """Swap in the guard's session interface and enforce the timeouts."""
    config = app.config
    idle, absolute = _timeouts(config)
    if app.permanent_session_lifetime == _FLASK_DEFAULT_LIFETIME:
        # Flask's 31 days would outlive the absolute timeout for no reason.
        config["PERMANENT_SESSION_LIFETIME"] = timedelta(seconds=absolute)
    prefix = str(config["BASTION_SESSION_KEY_PREFIX"])
    url = config["BASTION_SESSION_URL"]
    revocation_url = config["BASTION_SESSION_REVOCATION_URL"]
    store = None
    if url:
        store = open_store(
            str(url), app.instance_path, prefix, setting="BASTION_SESSION_URL", lifetime=absolute
        )
        _prepare(store, "BASTION_SESSION_URL")
    # Server-side sessions are revoked by deleting them; only cookie sessions
    # need revocation records, kept in SQLite unless told otherwise.
    revocation = store or open_store(
        str(revocation_url or DEFAULT_REVOCATION_URL),
        app.instance_path,
        prefix,
        setting="BASTION_SESSION_REVOCATION_URL",
        lifetime=absolute,
    )
    _check_revocation_store(revocation)
    session_state = SessionState(
        idle=idle,
        absolute=absolute,
        user_key=str(config["BASTION_SESSION_USER_KEY"]),
        revocation=revocation,
        clock=time.time,
    )
    state.components["sessions"] = session_state
    if store is None:
        app.session_interface = CookieSessionInterface(session_state)
    else:
        app.session_interface = ServerSessionInterface(session_state, store)
    _connect_flask_login()


def _timeouts(config: Any) -> tuple[int, int]:
    idle = config["BASTION_SESSION_IDLE_TIMEOUT"]
    absolute = config["BASTION_SESSION_ABSOLUTE_TIMEOUT"]
    for key, value in (
        ("BASTION_SESSION_IDLE_TIMEOUT", idle),
        ("BASTION_SESSION_ABSOLUTE_TIMEOUT", absolute),
    ):
        if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
            raise ConfigurationError(
                key,
                "session timeouts must be a positive number of seconds; a session "
                "that never expires stays usable by whoever copies its cookie",
                "set it to an int, e.g. 1800 for idle and 43200 for absolute",
            )
    if idle > absolute:
        raise ConfigurationError(
            "BASTION_SESSION_IDLE_TIMEOUT",
            "the idle timeout is longer than the absolute timeout, so it never applies",
            "make BASTION_SESSION_IDLE_TIMEOUT at most BASTION_SESSION_ABSOLUTE_TIMEOUT",
        )
    return idle, absolute


def _prepare(store: object, setting: str) -> None:
    """Create an explicitly configured SQLite file now: fail at start-up, not later."""
    if isinstance(store, SQLiteStore):
        try:
            store.open()
        except (OSError, sqlite3.Error) as exc:
            raise ConfigurationError(
                setting,
                f"cannot create the session database {os.path.basename(store.path)!r} "
                f"({type(exc).__name__})",
                "point it at a writable path under the instance folder",
            ) from exc


def _check_revocation_store(store: object) -> None:
    """The SQLite revocation file is created on first logout: check now it can be."""
    if isinstance(store, SQLiteStore) and not store.writable():
        raise ConfigurationError(
            "BASTION_SESSION_REVOCATION_URL",
            f"cannot create {store.path!r}, where cookie sessions record logouts; every "
            "signed-in request would fail closed with a 503",
            "make the instance folder writable, or set BASTION_SESSION_REVOCATION_URL "
            "to a writable sqlite:/// path or a redis:// URL",
        )


# -- Flask-Login --------------------------------------------------------------


def _connect_flask_login() -> None:
    """Hook Flask-Login's signals when it is installed; it is not required."""
    try:
        from flask_login import user_logged_in, user_logged_out
    except ImportError:
        return
    user_logged_in.connect(_on_login)
    user_logged_out.connect(_on_logout)


def _guarded(app: Any) -> bool:
    return isinstance(getattr(app, "session_interface", None), BastionSessionInterface)


def _on_login(sender: Any, user: Any = None, **extra: Any) -> None:
    """Fixation defence: a login always gets a fresh session.

    Data carries over, unless the session belonged to someone else: then only
    what Flask-Login just wrote survives (as Django's ``login`` flushes).
    """
    if not _guarded(sender):
        return
    current = session._get_current_object()  # type: ignore[attr-defined]
    keep = None
    if isinstance(current, BastionSession):
        current.loaded()
        previous = current.meta.user if current.meta else None
        if previous is not None and previous != session.get("_user_id"):
            keep = _FLASK_LOGIN_KEYS
    regenerate_session(keep)


def _on_logout(sender: Any, user: Any = None, **extra: Any) -> None:
    """Logout revokes: the old session dies; only Flask-Login's cookie flag stays."""
    if _guarded(sender):
        regenerate_session(keep=("_remember",))
