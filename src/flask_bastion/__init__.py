"""Flask-Bastion: secure-by-default Flask, and the proof of it."""

from .errors import ConfigurationError as ConfigurationError
from .extension import Bastion as Bastion
from .extension import get_state as get_state
from .mitigations.cookies import cookie_options as cookie_options
from .mitigations.events import security_event as security_event
from .mitigations.secret_key import signing_keys as signing_keys
from .mitigations.sessions import SessionStoreUnavailable as SessionStoreUnavailable
from .mitigations.sessions import regenerate_session as regenerate_session
from .mitigations.sessions import revoke_user_sessions as revoke_user_sessions

__version__ = "0.1.0"
