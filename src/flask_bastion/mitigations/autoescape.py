"""M11: Jinja autoescaping stays on for HTML, XML and ``.jinja`` templates.

Autoescaping is the main defence against XSS in templates; an app that
passes ``autoescape=False`` in ``jinja_options`` (or overrides
``select_jinja_autoescape``) turns every ``{{ user_input }}`` into script
injection. Flask escapes ``.html/.htm/.xml/.xhtml/.svg`` but not
``.jinja``; the guard adds ``.jinja`` when the app kept Flask's choice, then
asserts the result for each extension.

The Jinja environment is created lazily from ``jinja_options``, so the check
never creates it at start-up (that would freeze options an app sets later):
it judges the options now and the real environment on the first request.

Limits: ``|safe``, ``Markup(...)`` and ``{% autoescape false %}`` inside
templates are not seen here; the auditor reports those.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from ..errors import ConfigurationError
from ._first_request import on_first_request

if TYPE_CHECKING:
    from flask import Flask

    from ..extension import BastionState

CHECKED_NAMES = ("page.html", "page.htm", "page.xml", "page.jinja")
"""A template name per extension that must be autoescaped."""

_ADDED_SUFFIXES = (".jinja",)


def install(app: Flask, state: BastionState) -> None:
    """Extend Flask's choice to ``.jinja``; refuse a configuration that does not escape."""
    _extend_default(app)
    if not app.config["BASTION_REQUIRE_AUTOESCAPE"]:
        return
    _refuse_if_off(app)
    on_first_request(app, functools.partial(_refuse_if_off, app))


def unescaped_names(autoescape: bool | Callable[[str | None], bool]) -> list[str]:
    """The names of :data:`CHECKED_NAMES` that *autoescape* leaves unescaped."""
    if callable(autoescape):
        return [name for name in CHECKED_NAMES if not autoescape(name)]
    return [] if autoescape else list(CHECKED_NAMES)


def _effective(app: Flask) -> Any:
    """The environment's autoescape if it exists, else what it will be built with."""
    env = app.__dict__.get("jinja_env")  # a cached property: present once created
    if env is not None:
        return env.autoescape
    return app.jinja_options.get("autoescape", app.select_jinja_autoescape)


def _extend_default(app: Flask) -> None:
    """Also escape ``.jinja`` when the app kept Flask's ``select_jinja_autoescape``."""
    original = app.select_jinja_autoescape
    if getattr(original, "_bastion", False):
        return

    def select(filename: str | None) -> bool:
        return original(filename) or (filename or "").endswith(_ADDED_SUFFIXES)

    select._bastion = True  # type: ignore[attr-defined]
    env = app.__dict__.get("jinja_env")
    if env is not None:
        if env.autoescape == original:
            env.autoescape = select
    elif "autoescape" not in app.jinja_options:
        # An instance attribute: Flask reads self.select_jinja_autoescape when it
        # builds the environment, and jinja_options stay the app's own.
        setattr(app, "select_jinja_autoescape", select)  # noqa: B010


def _refuse_if_off(app: Flask) -> None:
    off = unescaped_names(_effective(app))
    if off:
        raise ConfigurationError(
            "jinja_options['autoescape']",
            f"autoescaping is off for {', '.join(off)}; every {{{{ value }}}} from a user "
            "becomes script injection (XSS)",
            "remove autoescape from app.jinja_options (Flask's default is safe), or pass "
            "jinja2.select_autoescape(['html', 'htm', 'xml', 'jinja'])",
        )
