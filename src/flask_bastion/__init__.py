"""Flask-Bastion: secure-by-default Flask, and the proof of it."""

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
