"""Every ``BASTION_*`` setting, its default per profile, and the entry it serves.

This module is the one table of settings: ``docs/settings.md`` is generated
from it and a test keeps the two in step. A relaxation is always a named
setting here, so the auditor can report it and the log can say it once.

Precedence (as in Flask-WTF): an explicit app config value, then the
profile's default, then the production default.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from .errors import ConfigurationError


class Profile(str, enum.Enum):
    """Which safety net is in force; production is the default on purpose."""

    PRODUCTION = "production"
    DEVELOPMENT = "development"
    TESTING = "testing"


@dataclass(frozen=True)
class Setting:
    """One ``BASTION_*`` key: its production default and profile overrides."""

    key: str
    default: Any
    mitigation: str
    doc: str
    development: Any = field(default=None)
    testing: Any = field(default=None)
    relaxes: bool = False
    """True when the development/testing value loosens a protection."""

    def default_for(self, profile: Profile) -> Any:
        if profile is Profile.DEVELOPMENT and self.development is not None:
            return self.development
        if profile is Profile.TESTING and self.testing is not None:
            return self.testing
        return self.default


_MIB = 1024 * 1024

_CSP_DEFAULT: Mapping[str, str] = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "font-src": "'self'",
    "connect-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}

SETTINGS: tuple[Setting, ...] = (
    # -- core ------------------------------------------------------------
    Setting(
        "BASTION_PROFILE",
        "production",
        "M07",
        "`production`, `development` or `testing`. Only production fails closed "
        "on every dangerous setting; the others relax what needs HTTPS or real secrets.",
    ),
    # -- M01-M04 cookies -------------------------------------------------
    Setting(
        "BASTION_COOKIE_HTTPONLY",
        True,
        "M01",
        "Mark the session cookie and every cookie the guard sets `HttpOnly`.",
    ),
    Setting(
        "BASTION_COOKIE_SECURE",
        True,
        "M02",
        "Mark cookies `Secure` (sent over HTTPS only).",
        development=False,
        testing=False,
        relaxes=True,
    ),
    Setting(
        "BASTION_COOKIE_SAMESITE",
        "Lax",
        "M03",
        "`Lax` or `Strict` for the session cookie and the guard's cookies.",
    ),
    Setting(
        "BASTION_COOKIE_PARTITIONED",
        False,
        "M04",
        "Add `Partitioned` (CHIPS) to cookies; needs `Secure`.",
    ),
    Setting(
        "BASTION_COOKIE_HOST_PREFIX",
        False,
        "M04",
        "Name the session cookie `__Host-<name>`: Secure, `Path=/`, no `Domain`.",
    ),
    # -- M05 secret key --------------------------------------------------
    Setting(
        "BASTION_SECRET_KEY_ENV",
        "SECRET_KEY",
        "M05",
        "Environment variable read for the key; `<NAME>_FILE` names a file holding it.",
    ),
    Setting(
        "BASTION_SECRET_KEY_FILE",
        None,
        "M05",
        "Path of a file (Docker/Kubernetes secret) holding the key.",
    ),
    Setting(
        "BASTION_SECRET_KEY_PROVIDER",
        None,
        "M05",
        "A callable returning the key (a vault client, a KMS lookup).",
    ),
    Setting("BASTION_SECRET_KEY_MIN_BYTES", 32, "M05", "Shortest acceptable key, in bytes."),
    Setting(
        "BASTION_REQUIRE_STRONG_SECRET",
        True,
        "M05",
        "Refuse to start with a missing, short, low-entropy or placeholder key. "
        "Development and testing generate a throwaway key instead.",
        development=False,
        testing=False,
        relaxes=True,
    ),
    # -- M07 debug -------------------------------------------------------
    Setting(
        "BASTION_FORBID_DEBUG",
        True,
        "M07",
        "Refuse to start when debug mode or the Werkzeug debugger is on.",
        development=False,
        testing=False,
        relaxes=True,
    ),
    # -- M08 errors ------------------------------------------------------
    Setting(
        "BASTION_ERROR_PAGES",
        True,
        "M08",
        "Generic HTML/JSON pages for every 4xx/5xx with an error id, never a traceback.",
    ),
    Setting(
        "BASTION_ERROR_TEMPLATE",
        "errors/{code}.html",
        "M08",
        "App template tried first for an error page (`{code}` is replaced).",
    ),
    # -- M09 headers / M02 transport / M21 proxies -----------------------
    Setting("BASTION_HEADERS", True, "M09", "Send the security headers below."),
    Setting(
        "BASTION_CSP",
        dict(_CSP_DEFAULT),
        "M09",
        "Content-Security-Policy directives (a mapping of directive to sources).",
    ),
    Setting(
        "BASTION_CSP_NONCE_DIRECTIVES",
        ("script-src", "style-src"),
        "M09",
        "Directives that receive the per-request `'nonce-…'` source (only when a page used it).",
    ),
    Setting(
        "BASTION_CSP_REPORT_ONLY",
        False,
        "M09",
        "Send `Content-Security-Policy-Report-Only` instead of enforcing.",
    ),
    Setting(
        "BASTION_CSP_REPORT_URI",
        None,
        "M09",
        "Where browsers send violation reports (`report-uri`, `report-to`, `Reporting-Endpoints`).",
    ),
    Setting("BASTION_HSTS", True, "M09", "Send `Strict-Transport-Security` on HTTPS responses."),
    Setting("BASTION_HSTS_MAX_AGE", 31_536_000, "M09", "HSTS `max-age` in seconds."),
    Setting("BASTION_HSTS_INCLUDE_SUBDOMAINS", True, "M09", "HSTS `includeSubDomains`."),
    Setting("BASTION_HSTS_PRELOAD", False, "M09", "HSTS `preload`."),
    Setting("BASTION_FRAME_OPTIONS", "DENY", "M09", "`X-Frame-Options` (`DENY` or `SAMEORIGIN`)."),
    Setting(
        "BASTION_REFERRER_POLICY", "strict-origin-when-cross-origin", "M09", "`Referrer-Policy`."
    ),
    Setting(
        "BASTION_PERMISSIONS_POLICY",
        "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
        "M09",
        "`Permissions-Policy`.",
    ),
    Setting("BASTION_COOP", "same-origin", "M09", "`Cross-Origin-Opener-Policy`."),
    Setting("BASTION_CORP", "same-origin", "M09", "`Cross-Origin-Resource-Policy`."),
    Setting(
        "BASTION_FORCE_HTTPS",
        True,
        "M02",
        "Redirect plain-HTTP GET/HEAD/OPTIONS to HTTPS (308); refuse other methods (403).",
        development=False,
        testing=False,
        relaxes=True,
    ),
    Setting(
        "BASTION_TRUSTED_PROXIES",
        0,
        "M21",
        "How many reverse proxies in front of the app may set `X-Forwarded-*` "
        "(wired into `ProxyFix`). 0 trusts none.",
    ),
    Setting(
        "BASTION_TRUSTED_HOSTS",
        None,
        "M21",
        "Host names the app answers to; copied to Flask's `TRUSTED_HOSTS`.",
    ),
    # -- M06 CSRF --------------------------------------------------------
    Setting(
        "BASTION_CSRF",
        True,
        "M06",
        "Check every request but GET/HEAD/OPTIONS/TRACE: Sec-Fetch-Site/Origin, else a token.",
    ),
    Setting(
        "BASTION_CSRF_TRUSTED_ORIGINS",
        (),
        "M06",
        "Other origins allowed to send state-changing requests (`https://admin.example`).",
    ),
    Setting(
        "BASTION_CSRF_TIME_LIMIT",
        3600,
        "M06",
        "Token lifetime in seconds (Flask-WTF's `WTF_CSRF_TIME_LIMIT`); None never expires.",
    ),
    Setting("BASTION_CSRF_FIELD_NAME", "csrf_token", "M06", "Form field carrying the token."),
    Setting(
        "BASTION_CSRF_HEADERS",
        ("X-CSRFToken", "X-CSRF-Token"),
        "M06",
        "Request headers carrying the token for fetch/XHR/JSON calls.",
    ),
    Setting(
        "BASTION_CSRF_EXEMPT",
        (),
        "M06",
        "Endpoints or blueprint names exempt from CSRF checks (listed by `flask bastion routes`).",
    ),
    # -- M11 autoescape --------------------------------------------------
    Setting(
        "BASTION_REQUIRE_AUTOESCAPE",
        True,
        "M11",
        "Refuse to start when autoescaping is off for HTML templates.",
    ),
    # -- M23 limits ------------------------------------------------------
    Setting(
        "BASTION_MAX_CONTENT_LENGTH",
        16 * _MIB,
        "M23",
        "Used for `MAX_CONTENT_LENGTH` when the app sets none.",
    ),
    Setting(
        "BASTION_MAX_FORM_MEMORY_SIZE",
        500_000,
        "M23",
        "Used for `MAX_FORM_MEMORY_SIZE` when the app sets none.",
    ),
    Setting(
        "BASTION_MAX_FORM_PARTS", 1000, "M23", "Used for `MAX_FORM_PARTS` when the app sets none."
    ),
    # -- M13/M17 sessions ------------------------------------------------
    Setting(
        "BASTION_SESSION_URL",
        None,
        "M13",
        "Server-side session store: `sqlite:///path`, `redis://…` (also Cluster and "
        "Sentinel URLs). None keeps signed cookie sessions, revocable through a "
        "per-user session version.",
    ),
    Setting(
        "BASTION_SESSION_IDLE_TIMEOUT",
        1800,
        "M17",
        "Seconds of inactivity after which a session is cleared.",
    ),
    Setting(
        "BASTION_SESSION_ABSOLUTE_TIMEOUT",
        43_200,
        "M17",
        "Seconds after login after which a session is cleared, active or not.",
    ),
    Setting(
        "BASTION_SESSION_REVOCATION_URL",
        None,
        "M13",
        "Cookie sessions only: where revoked nonces and per-user session versions are "
        "kept (`redis://…` for a fleet). None: `sqlite:///bastion-sessions.sqlite3`.",
    ),
    Setting(
        "BASTION_SESSION_KEY_PREFIX",
        "bastion:",
        "M13",
        "Prefix of every Redis key the session store writes (apps sharing a Redis).",
    ),
    Setting(
        "BASTION_SESSION_USER_KEY",
        "_user_id",
        "M13",
        "Session key naming the signed-in user (Flask-Login's); binds sessions to "
        "users so `revoke_user_sessions` and logout revocation work.",
    ),
    # -- M22 rate limits -------------------------------------------------
    Setting(
        "BASTION_RATELIMIT_LOGIN",
        "5 per minute;50 per day",
        "M22",
        "Failed attempts allowed per client on endpoints marked with `login_rate_limit`.",
    ),
    Setting(
        "BASTION_RATELIMIT_STORAGE_URL",
        "memory://",
        "M22",
        "Flask-Limiter storage: `memory://` on one process, `redis://…` for a fleet.",
    ),
    Setting(
        "BASTION_RATELIMIT_FAIL_OPEN",
        False,
        "M22",
        "When the rate-limit store is down, let logins through unlimited (logged) "
        "instead of answering 503.",
        relaxes=True,
    ),
    # -- M10 uploads -----------------------------------------------------
    Setting(
        "BASTION_UPLOAD_FOLDER",
        None,
        "M10",
        "Where accepted uploads are stored (default `<instance>/uploads`); must not be "
        "inside a static or template folder.",
    ),
    # -- M18 dependencies ------------------------------------------------
    Setting(
        "BASTION_CHECK_DEPENDENCIES",
        True,
        "M18",
        "Warn at start-up when Flask, Werkzeug or Jinja2 is below the floor.",
    ),
    # -- M20 events ------------------------------------------------------
    Setting(
        "BASTION_EVENT_LOGGER",
        "flask_bastion.security",
        "M20",
        "Logger name of the security event stream.",
    ),
    Setting(
        "BASTION_EVENTS_JSON", False, "M20", "Format security events as one JSON object per line."
    ),
)

BY_KEY: Mapping[str, Setting] = {s.key: s for s in SETTINGS}


def resolve_profile(config: Mapping[str, Any]) -> Profile:
    """Read ``BASTION_PROFILE``; an unknown name is a start-up error."""
    raw = config.get("BASTION_PROFILE", Profile.PRODUCTION.value)
    try:
        return Profile(str(raw).lower())
    except ValueError:
        names = ", ".join(p.value for p in Profile)
        raise ConfigurationError(
            "BASTION_PROFILE",
            f"unknown profile {raw!r}",
            f"use one of: {names}",
        ) from None


def apply_defaults(config: dict[str, Any], profile: Profile) -> list[str]:
    """``setdefault`` every key for *profile*; return the relaxed keys in force."""
    relaxed: list[str] = []
    for setting in SETTINGS:
        if setting.key not in config:
            config[setting.key] = setting.default_for(profile)
        if setting.relaxes and config[setting.key] != setting.default:
            relaxed.append(setting.key)
    config["BASTION_PROFILE"] = profile.value
    return relaxed
