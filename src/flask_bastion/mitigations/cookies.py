"""M01-M04: the session cookie's flags, and the same flags on the guard's cookies.

``HttpOnly`` keeps injected scripts away from the session, ``Secure`` keeps
it off plain HTTP, ``SameSite`` keeps browsers from attaching it to
cross-site subrequests, and ``Partitioned`` / the ``__Host-`` prefix pin it
to one site and origin. Flask has a setting for each; the guard fills them
from the ``BASTION_COOKIE_*`` keys, except where the app set the Flask key
itself (a value different from Flask's default), and the production
profile refuses an explicit weakening. Flask-Login's remember-me cookie, a
longer-lived login, gets the session cookie's flags unless the app set its
own ``REMEMBER_COOKIE_*``.

Limits: ``SESSION_COOKIE_SECURE = False`` *is* Flask's default, so it cannot
be told apart from "not set" and is overridden by ``BASTION_COOKIE_SECURE``
(to loosen, set that). These flags protect the cookie in the browser; they
do nothing against XSS that acts inside the page.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from flask import current_app

from ..errors import ConfigurationError
from ..settings import Profile

if TYPE_CHECKING:
    from flask import Flask

    from ..extension import BastionState

HOST_PREFIX = "__Host-"
_SAMESITE = ("Lax", "Strict")
_FLASK_KEYS: Mapping[str, str] = {
    "BASTION_COOKIE_HTTPONLY": "SESSION_COOKIE_HTTPONLY",
    "BASTION_COOKIE_SECURE": "SESSION_COOKIE_SECURE",
    "BASTION_COOKIE_SAMESITE": "SESSION_COOKIE_SAMESITE",
    "BASTION_COOKIE_PARTITIONED": "SESSION_COOKIE_PARTITIONED",
}
_BOOL_KEYS = (
    "BASTION_COOKIE_HTTPONLY",
    "BASTION_COOKIE_SECURE",
    "BASTION_COOKIE_PARTITIONED",
    "BASTION_COOKIE_HOST_PREFIX",
)
_REMEMBER: Mapping[str, str] = {
    "REMEMBER_COOKIE_SECURE": "SESSION_COOKIE_SECURE",
    "REMEMBER_COOKIE_HTTPONLY": "SESSION_COOKIE_HTTPONLY",
    "REMEMBER_COOKIE_SAMESITE": "SESSION_COOKIE_SAMESITE",
}
"""Flask-Login's remember-me cookie keys, filled from the session cookie's."""
_COMPONENT = "cookies"


def cookie_options(app: Flask | None = None) -> dict[str, Any]:
    """Keyword arguments for ``response.set_cookie`` on every cookie the guard sets.

    ``secure``, ``httponly``, ``samesite``, ``partitioned`` and ``path``, the
    same as the session cookie's, computed once at start-up. A fresh dict
    each call, so callers may add ``max_age`` or ``domain``.
    """
    target = current_app if app is None else app
    try:
        options: dict[str, Any] = target.extensions["bastion"].components[_COMPONENT]
    except KeyError:
        raise RuntimeError(
            "this app is not guarded: call Bastion(app) or bastion.init_app(app) first"
        ) from None
    return dict(options)


def install(app: Flask, state: BastionState) -> None:
    """Fill the Flask session cookie settings and check them for the profile."""
    config = app.config
    _check_bastion_values(config)
    for bastion_key, flask_key in _FLASK_KEYS.items():
        if config[flask_key] == app.default_config[flask_key]:
            config[flask_key] = config[bastion_key]
    if state.profile is Profile.PRODUCTION:
        _refuse_weakening(config)
    if config["SESSION_COOKIE_SAMESITE"] == "None" and not config["SESSION_COOKIE_SECURE"]:
        raise ConfigurationError(
            "SESSION_COOKIE_SAMESITE",
            'SameSite="None" without Secure: browsers drop the cookie',
            'use "Lax", or make the cookie Secure (HTTPS only)',
        )
    if config["BASTION_COOKIE_HOST_PREFIX"]:
        _apply_host_prefix(config)
    _remember_cookie(config, state.profile)
    state.components[_COMPONENT] = {
        "secure": bool(config["SESSION_COOKIE_SECURE"]),
        "httponly": bool(config["SESSION_COOKIE_HTTPONLY"]),
        "samesite": config["SESSION_COOKIE_SAMESITE"],
        "partitioned": bool(config["SESSION_COOKIE_PARTITIONED"]),
        "path": _cookie_path(config),
    }


def _check_bastion_values(config: Mapping[str, Any]) -> None:
    if config["BASTION_COOKIE_SAMESITE"] not in _SAMESITE:
        raise ConfigurationError(
            "BASTION_COOKIE_SAMESITE",
            f"expected 'Lax' or 'Strict', got {config['BASTION_COOKIE_SAMESITE']!r}",
            'use "Lax" (links from other sites keep the session) or "Strict"',
        )
    for key in _BOOL_KEYS:
        if not isinstance(config[key], bool):
            raise ConfigurationError(
                key, f"expected True or False, got {config[key]!r}", "use True or False"
            )


def _refuse_weakening(config: Mapping[str, Any]) -> None:
    """Production never sends a session cookie scripts can read or HTTP can carry."""
    if not config["SESSION_COOKIE_HTTPONLY"]:
        _refuse(config, "HTTPONLY", "scripts injected into a page can read the session")
    if not config["SESSION_COOKIE_SECURE"]:
        _refuse(config, "SECURE", "the session leaks over any plain-HTTP request")
    if config["SESSION_COOKIE_SAMESITE"] not in (*_SAMESITE, "None"):
        _refuse(config, "SAMESITE", "cross-site requests carry the session")
    if config["SESSION_COOKIE_PARTITIONED"] and not config["SESSION_COOKIE_SECURE"]:
        _refuse(config, "PARTITIONED", "browsers drop Partitioned cookies without Secure")


def _refuse(config: Mapping[str, Any], flag: str, risk: str) -> None:
    bastion_key = f"BASTION_COOKIE_{flag}"
    flask_key = f"SESSION_COOKIE_{flag}"
    setting = flask_key if config[flask_key] != config[bastion_key] else bastion_key
    raise ConfigurationError(
        setting,
        f"the production profile refuses {setting}={config[setting]!r}: {risk}",
        "remove the setting (the guard's default is safe), or use "
        "BASTION_PROFILE=development for local work",
    )


def _remember_cookie(config: dict[str, Any], profile: Profile) -> None:
    """Flask-Login's "remember me" cookie is a long-lived login: same flags as the session.

    Only keys the app did not set are filled; Flask-Login reads them when it
    sets the cookie, and they are inert without it.
    """
    for key, source in _REMEMBER.items():
        config.setdefault(key, config[source])
    if profile is not Profile.PRODUCTION:
        return
    for key, risk in (
        ("REMEMBER_COOKIE_HTTPONLY", "scripts injected into a page can steal a lasting login"),
        ("REMEMBER_COOKIE_SECURE", "a lasting login leaks over any plain-HTTP request"),
    ):
        if not config[key]:
            raise ConfigurationError(
                key,
                f"the production profile refuses {key}=False: {risk}",
                "remove the setting; the guard gives it the session cookie's flags",
            )


def _apply_host_prefix(config: dict[str, Any]) -> None:
    """``__Host-`` cookies must be Secure, host-only and ``Path=/``, or browsers drop them."""
    problems = []
    if not config["SESSION_COOKIE_SECURE"]:
        problems.append(("SESSION_COOKIE_SECURE", "the cookie is not Secure"))
    if config["SESSION_COOKIE_DOMAIN"]:
        problems.append(("SESSION_COOKIE_DOMAIN", "a Domain is set"))
    if _cookie_path(config) != "/":
        problems.append(("SESSION_COOKIE_PATH", "the path is not /"))
    for setting, problem in problems:
        raise ConfigurationError(
            setting,
            f"BASTION_COOKIE_HOST_PREFIX needs a Secure, host-only, Path=/ cookie but {problem}",
            "set BASTION_COOKIE_SECURE=True, leave SESSION_COOKIE_DOMAIN unset and "
            "SESSION_COOKIE_PATH at /, or turn BASTION_COOKIE_HOST_PREFIX off",
        )
    name = str(config["SESSION_COOKIE_NAME"])
    if not name.startswith(HOST_PREFIX):
        config["SESSION_COOKIE_NAME"] = HOST_PREFIX + name


def _cookie_path(config: Mapping[str, Any]) -> str:
    return str(config["SESSION_COOKIE_PATH"] or config["APPLICATION_ROOT"] or "/")
