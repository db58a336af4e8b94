"""The ``Bastion`` extension: one object, every mitigation, safe defaults.

Follows Flask's extension guide: the extension never stores the app; per-app
state lives in ``app.extensions["bastion"]`` (a :class:`BastionState`); every
setting is a ``BASTION_*`` key set with ``setdefault`` and validated here, so
an unsafe production configuration fails at start-up, not at the first
request.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .mitigations import INSTALL_ORDER
from .settings import Profile, apply_defaults, resolve_profile

if TYPE_CHECKING:
    from flask import Flask

log = logging.getLogger("flask_bastion")


@dataclass
class BastionState:
    """What the guard knows about one app; read it with :func:`get_state`."""

    profile: Profile
    relaxed: tuple[str, ...]
    components: dict[str, Any] = field(default_factory=dict)
    """Per-mitigation state, keyed by the mitigation module's short name."""

    def setting(self, app: Flask, key: str) -> Any:
        return app.config[key]


class Bastion:
    """Secure-by-default Flask.

    Example::

        app = Flask(__name__)
        Bastion(app)            # or: bastion = Bastion(); bastion.init_app(app)

    Every mitigation of the catalogue (M01-M23) that can act at run time is
    installed with the production profile unless ``BASTION_PROFILE`` says
    otherwise; each can be tuned or switched off with its ``BASTION_*`` key.
    """

    def __init__(self, app: Flask | None = None) -> None:
        if app is not None:
            self.init_app(app)

    def init_app(self, app: Flask) -> None:
        profile = resolve_profile(app.config)
        relaxed = apply_defaults(app.config, profile)
        state = BastionState(profile=profile, relaxed=tuple(relaxed))
        app.extensions["bastion"] = state
        if relaxed:
            log.warning(
                "flask-bastion: profile %r relaxes %s; never use it in production",
                profile.value,
                ", ".join(relaxed),
            )
        for install in INSTALL_ORDER:
            install(app, state)


def get_state(app: Flask) -> BastionState:
    """Return the guard's state for *app*; a clear error when it is not guarded."""
    try:
        state = app.extensions["bastion"]
    except KeyError:
        raise RuntimeError(
            "this app is not guarded: call Bastion(app) or bastion.init_app(app) first"
        ) from None
    assert isinstance(state, BastionState)
    return state
