"""Flask-Bastion: secure-by-default Flask, and the proof of it.

The public names below are imported on first use (PEP 562 ``__getattr__``),
not with the package: ``bastion audit`` and ``flask_bastion.audit`` import
this package too, and the guard's modules (Flask, Redis, the limiter, the
session stores) cost more start-up time than the whole audit of a small
project. ``from flask_bastion import Bastion`` works as before; type
checkers read the explicit imports in the ``TYPE_CHECKING`` block.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .errors import ConfigurationError as ConfigurationError
    from .extension import Bastion as Bastion
    from .extension import get_state as get_state
    from .mitigations.cookies import cookie_options as cookie_options
    from .mitigations.csrf import CSRF_SESSION_KEY as CSRF_SESSION_KEY
    from .mitigations.csrf import CSRFError as CSRFError
    from .mitigations.csrf import csrf_exempt as csrf_exempt
    from .mitigations.csrf import csrf_token as csrf_token
    from .mitigations.csrf import is_csrf_exempt as is_csrf_exempt
    from .mitigations.events import JsonEventFormatter as JsonEventFormatter
    from .mitigations.events import RedactingFilter as RedactingFilter
    from .mitigations.events import security_event as security_event
    from .mitigations.headers import csp as csp
    from .mitigations.headers import csp_nonce as csp_nonce
    from .mitigations.ownership import current_user_id as current_user_id
    from .mitigations.ownership import get_owned_or_404 as get_owned_or_404
    from .mitigations.ownership import login_required_by_default as login_required_by_default
    from .mitigations.ownership import owner_required as owner_required
    from .mitigations.ownership import public as public
    from .mitigations.ratelimit import login_rate_limit as login_rate_limit
    from .mitigations.ratelimit import mark_login_failed as mark_login_failed
    from .mitigations.secret_key import signing_keys as signing_keys
    from .mitigations.sessions import SessionStoreUnavailable as SessionStoreUnavailable
    from .mitigations.sessions import regenerate_session as regenerate_session
    from .mitigations.sessions import revoke_user_sessions as revoke_user_sessions
    from .mitigations.uploads import UploadPolicy as UploadPolicy
    from .mitigations.uploads import UploadRejected as UploadRejected
    from .mitigations.uploads import delete_upload as delete_upload
    from .mitigations.uploads import send_upload as send_upload
    from .routes import route_inventory as route_inventory

__version__ = "0.1.0"

_EXPORTS = {
    "ConfigurationError": ".errors",
    "Bastion": ".extension",
    "get_state": ".extension",
    "cookie_options": ".mitigations.cookies",
    "CSRF_SESSION_KEY": ".mitigations.csrf",
    "CSRFError": ".mitigations.csrf",
    "csrf_exempt": ".mitigations.csrf",
    "csrf_token": ".mitigations.csrf",
    "is_csrf_exempt": ".mitigations.csrf",
    "JsonEventFormatter": ".mitigations.events",
    "RedactingFilter": ".mitigations.events",
    "security_event": ".mitigations.events",
    "csp": ".mitigations.headers",
    "csp_nonce": ".mitigations.headers",
    "current_user_id": ".mitigations.ownership",
    "get_owned_or_404": ".mitigations.ownership",
    "login_required_by_default": ".mitigations.ownership",
    "owner_required": ".mitigations.ownership",
    "public": ".mitigations.ownership",
    "login_rate_limit": ".mitigations.ratelimit",
    "mark_login_failed": ".mitigations.ratelimit",
    "signing_keys": ".mitigations.secret_key",
    "SessionStoreUnavailable": ".mitigations.sessions",
    "regenerate_session": ".mitigations.sessions",
    "revoke_user_sessions": ".mitigations.sessions",
    "UploadPolicy": ".mitigations.uploads",
    "UploadRejected": ".mitigations.uploads",
    "delete_upload": ".mitigations.uploads",
    "send_upload": ".mitigations.uploads",
    "route_inventory": ".routes",
}
"""Public name -> the submodule that defines it (kept in step with the imports above)."""

__all__ = [*_EXPORTS, "__version__"]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(module, __name__), name)
    globals()[name] = value  # later lookups skip this function
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_EXPORTS})
