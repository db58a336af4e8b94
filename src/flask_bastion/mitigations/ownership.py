"""M12 ownership and M19 default-deny: who is asking comes from the session.

The user id is read from the server-side identity (Flask-Login's
``current_user``, else ``session["_user_id"]``, else ``g.user``) and never
from request parameters, so changing ``?user_id=`` or a form field proves
nothing. :func:`get_owned_or_404` loads a record and answers 404 both when
it is missing and when it belongs to someone else: a 403 would confirm that
the id exists.

:func:`login_required_by_default` turns a blueprint (or a whole app) around:
every view needs a logged-in user unless marked :func:`public`, so a view
added later without a decorator is closed, not open.

What this does **not** do: roles and permissions beyond "is the owner", or
checks inside list queries (filter those by :func:`current_user_id`).
"""

from __future__ import annotations

import functools
import weakref
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from flask import Blueprint, Flask, abort, current_app, g, request, session

from .events import security_event

if TYPE_CHECKING:
    from ..extension import BastionState

F = TypeVar("F", bound=Callable[..., Any])
S = TypeVar("S", Flask, Blueprint)

_PUBLIC_MARK = "__bastion_public__"
_LOGIN_MARK = "__bastion_login_required__"
_DEFAULT_DENY: weakref.WeakSet[Flask | Blueprint] = weakref.WeakSet()


def _login_manager() -> Any:
    return getattr(current_app, "login_manager", None)


def current_user_id() -> str | None:
    """The logged-in user's id as a string, or None; never from the request.

    Order: Flask-Login's ``current_user`` when a ``LoginManager`` is set up,
    else ``session["_user_id"]`` (where Flask-Login keeps it), else
    ``g.user`` (``.get_id()`` or ``.id``), the pattern of Flask's tutorial.
    """
    if _login_manager() is not None:
        from flask_login import current_user

        if current_user.is_authenticated:
            return str(current_user.get_id())
        return None
    raw = session.get("_user_id")
    if raw is not None:
        return str(raw)
    user = g.get("user")
    if user is None:
        return None
    get_id = getattr(user, "get_id", None)
    ident = get_id() if callable(get_id) else getattr(user, "id", None)
    return None if ident is None else str(ident)


def _unauthorized() -> Any:
    """Flask-Login's ``unauthorized()`` (redirect to the login view) or a 401."""
    manager = _login_manager()
    if manager is not None:
        return manager.unauthorized()
    abort(401)


def _owner_of(record: Any, owner_attr: str) -> Any:
    if isinstance(record, Mapping):
        return record.get(owner_attr)
    return getattr(record, owner_attr, None)


def _is_owner(record: Any, owner_attr: str, user_id: str) -> bool:
    owner = _owner_of(record, owner_attr)
    return owner is not None and str(owner) == user_id


def _deny(record_kind: str, record_id: Any) -> None:
    security_event("ownership.denied", kind=record_kind, record_id=str(record_id))
    abort(404)


def _sqlalchemy_session(session_: Any) -> Any:
    if session_ is not None:
        return session_
    db = current_app.extensions.get("sqlalchemy")
    if db is None:
        raise RuntimeError(
            "get_owned_or_404 needs a SQLAlchemy session: pass session=... "
            "or set up Flask-SQLAlchemy"
        )
    return db.session


def _load(query_or_model: Any, ident: Any, session_: Any) -> Any:
    """Load one row by primary key from a model class, a ``select()`` or a ``Query``."""
    from sqlalchemy import Select, inspect

    if isinstance(query_or_model, type):
        return _sqlalchemy_session(session_).get(query_or_model, ident)
    entity = query_or_model.column_descriptions[0]["entity"]
    pk = inspect(entity).primary_key
    if len(pk) != 1:
        raise TypeError("get_owned_or_404 with a query needs a single-column primary key")
    if isinstance(query_or_model, Select):
        stmt = query_or_model.where(pk[0] == ident)
        return _sqlalchemy_session(session_).execute(stmt).scalars().one_or_none()
    return query_or_model.filter(pk[0] == ident).one_or_none()


def get_owned_or_404(
    query_or_model: Any,
    id: Any,
    owner_attr: str = "user_id",
    user_id: str | int | None = None,
    *,
    session: Any = None,
) -> Any:
    """Return the record *id* if the current user owns it, else abort with 404.

    *query_or_model* is a mapped class (loaded with ``session.get``), a
    ``select(Model)`` or a legacy ``Model.query``/``session.query(Model)``
    (its filters are kept). *session* defaults to Flask-SQLAlchemy's
    ``db.session``. The owner is ``record.<owner_attr>``, compared as a
    string with *user_id*, which defaults to :func:`current_user_id`. With
    nobody logged in the answer is Flask-Login's ``unauthorized()`` or 401.
    """
    uid = current_user_id() if user_id is None else str(user_id)
    if uid is None:
        return _unauthorized()
    record = _load(query_or_model, id, session)
    if record is None:
        abort(404)
    if not _is_owner(record, owner_attr, uid):
        _deny(type(record).__name__, id)
    return record


def owner_required(
    loader: Callable[..., Any],
    owner_attr: str = "user_id",
    *,
    pass_as: str | None = "record",  # noqa: S107 - a keyword name, not a password
) -> Callable[[F], F]:
    """Decorate a view so it only runs for the owner of the record it loads.

    *loader* receives the view's URL arguments and returns the record (an
    object or a mapping) or None. A missing record and someone else's are
    both 404. The record is passed to the view as the keyword *pass_as*::

        @app.get("/notes/<int:note_id>")
        @owner_required(lambda note_id: NOTES.get(note_id), owner_attr="owner")
        def show_note(note_id, record): ...
    """

    def decorate(view: F) -> F:
        @functools.wraps(view)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            uid = current_user_id()
            if uid is None:
                return _unauthorized()
            record = loader(**kwargs)
            if record is None:
                abort(404)
            if not _is_owner(record, owner_attr, uid):
                _deny(type(record).__name__, next(iter(kwargs.values()), None))
            if pass_as is not None:
                kwargs[pass_as] = record
            return current_app.ensure_sync(view)(*args, **kwargs)

        setattr(wrapper, _LOGIN_MARK, True)
        return wrapper  # type: ignore[return-value]

    return decorate


def public(view: F) -> F:
    """Open one view of a :func:`login_required_by_default` blueprint to everyone."""
    setattr(view, _PUBLIC_MARK, True)
    return view


def login_required(view: F) -> F:
    """Require a logged-in user for one view (for apps without Flask-Login)."""

    @functools.wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        if current_user_id() is None:
            return _unauthorized()
        return current_app.ensure_sync(view)(*args, **kwargs)

    setattr(wrapper, _LOGIN_MARK, True)
    return wrapper  # type: ignore[return-value]


def login_required_by_default(scaffold: S) -> S:
    """Make every view of *scaffold* (a blueprint or the app) require login.

    Views marked :func:`public` and static files stay open. The check runs
    in a ``before_request`` of the scaffold, so it also covers views added
    after this call. Returns *scaffold* so it can wrap the constructor::

        admin = login_required_by_default(Blueprint("admin", __name__))
    """
    _DEFAULT_DENY.add(scaffold)
    scaffold.before_request(_require_login_unless_public)
    return scaffold


def _require_login_unless_public() -> Any:
    endpoint = request.endpoint
    if endpoint is None or endpoint == "static" or endpoint.endswith(".static"):
        return None
    view = current_app.view_functions.get(endpoint)
    if view is not None and has_mark(view, _PUBLIC_MARK):
        return None
    if current_user_id() is None:
        return _unauthorized()
    return None


def has_mark(view: Callable[..., Any], mark: str) -> bool:
    """True when *view* or a function it wraps (``__wrapped__``) carries *mark*."""
    seen: Callable[..., Any] | None = view
    while seen is not None:
        if getattr(seen, mark, False):
            return True
        seen = getattr(seen, "__wrapped__", None)
    return False


def is_default_deny(app: Flask, endpoint: str) -> bool:
    """True when *endpoint* belongs to the app or a blueprint made login-by-default."""
    if app in _DEFAULT_DENY:
        return True
    parts = endpoint.split(".")[:-1]
    names = {".".join(parts[: i + 1]) for i in range(len(parts))}
    return any(app.blueprints.get(name) in _DEFAULT_DENY for name in names)


def install(app: Flask, state: BastionState) -> None:
    """Nothing global: ownership and default-deny are opted into per view and blueprint."""
