"""Live rules FB280-FB283: the session cookie as really sent, and its lifetime."""

from __future__ import annotations

import datetime
from typing import Any

from ..finding import Confidence, Severity
from ..registry import Rule, Scope, rule
from ._common import Result, app_of, config_probe
from .target import (
    Cookie,
    LiveTarget,
)

MAX_SESSION_LIFETIME = datetime.timedelta(days=1)


def _cookie_note(cookie: Cookie) -> str:
    return f"Set-Cookie {cookie.name} as sent"


# -- FB28x cookies -----------------------------------------------------------------------


@rule(
    "FB280",
    "live-session-cookie-without-httponly",
    "The session cookie is sent without HttpOnly",
    severity=Severity.HIGH,
    confidence=Confidence.HIGH,
    cwe=(1004,),
    mitigation="M01",
    fix="Leave SESSION_COOKIE_HTTPONLY at True (Bastion enforces it).",
    scope=Scope.LIVE,
)
def cookie_without_httponly(target: LiveTarget) -> Result:
    """## What it does
    Reads the real `Set-Cookie` header of the session cookie (produced by the
    app's own session interface, or seen on any probed response) and reports it
    when `HttpOnly` is missing.

    ## Why is this bad?
    Without `HttpOnly` one XSS bug lets a script read `document.cookie` and send
    every visitor's session to the attacker.

    ## Example
    ```python
    app.config["SESSION_COOKIE_HTTPONLY"] = False
    ```

    ## Use instead
    ```python
    app.config["SESSION_COOKIE_HTTPONLY"] = True
    ```

    ## References
    - CWE-1004; OWASP ASVS V3.4.2
    """
    return _flag_present(target, cookie_without_httponly, "HttpOnly")


def _flag_present(target: LiveTarget, checker: Rule, flag: str) -> Result:
    """A finding per session cookie sent without *flag*, evidence per one sent with it."""
    for cookie in target.session_cookies():
        probe = cookie.exchange.probe(_cookie_note(cookie))
        if flag.lower() not in cookie.attributes:
            yield checker.finding(f"cookie {cookie.name} is sent without {flag}", probe=probe)
        else:
            yield checker.evidence(f"cookie {cookie.name} is {flag}", probe=probe)


@rule(
    "FB281",
    "live-session-cookie-without-secure",
    "The session cookie is sent without Secure",
    severity=Severity.HIGH,
    confidence=Confidence.HIGH,
    cwe=(614,),
    mitigation="M02",
    fix="Set SESSION_COOKIE_SECURE = True (Bastion's production profile does).",
    scope=Scope.LIVE,
)
def cookie_without_secure(target: LiveTarget) -> Result:
    """## What it does
    Reads the real `Set-Cookie` header of the session cookie and reports it
    when the `Secure` attribute is missing.

    ## Why is this bad?
    A cookie without `Secure` is also sent over plain HTTP: one typed
    `http://` link on public Wi-Fi and the session travels in clear text.

    ## Example
    ```python
    app.config["SESSION_COOKIE_SECURE"] = False
    ```

    ## Use instead
    ```python
    app.config["SESSION_COOKIE_SECURE"] = True
    ```

    ## References
    - CWE-614; OWASP ASVS V3.4.1
    """
    return _flag_present(target, cookie_without_secure, "Secure")


@rule(
    "FB282",
    "live-session-cookie-without-samesite",
    "The session cookie has no SameSite or SameSite=None",
    severity=Severity.MEDIUM,
    confidence=Confidence.HIGH,
    cwe=(1275,),
    mitigation="M03",
    fix="Set SESSION_COOKIE_SAMESITE = 'Lax' (or 'Strict').",
    scope=Scope.LIVE,
)
def cookie_without_samesite(target: LiveTarget) -> Result:
    """## What it does
    Reads the real `Set-Cookie` header of the session cookie and reports a
    missing `SameSite` attribute or `SameSite=None`.

    ## Why is this bad?
    `SameSite=Lax` keeps browsers from attaching the session to cross-site
    POSTs and subrequests: a second line of defence against CSRF and leaks.

    ## Example
    ```python
    app.config["SESSION_COOKIE_SAMESITE"] = None
    ```

    ## Use instead
    ```python
    app.config["SESSION_COOKIE_SAMESITE"] = "Lax"
    ```

    ## References
    - CWE-1275; OWASP ASVS V3.4.3
    """
    for cookie in target.session_cookies():
        probe = cookie.exchange.probe(_cookie_note(cookie))
        value = cookie.attributes.get("samesite", "").capitalize()
        if value not in ("Lax", "Strict"):
            shown = f"SameSite={value}" if value else "no SameSite"
            msg = f"cookie {cookie.name} is sent with {shown}"
            yield cookie_without_samesite.finding(msg, probe=probe)
        else:
            yield cookie_without_samesite.evidence(
                f"cookie {cookie.name} is SameSite={value}", probe=probe
            )


# -- FB28x sessions ----------------------------------------------------------------------


def _seconds(value: Any) -> float | None:
    if isinstance(value, datetime.timedelta):
        return value.total_seconds()
    if isinstance(value, (int, float)):
        return float(value)
    return None


@rule(
    "FB283",
    "live-session-lifetime-too-long",
    "Sessions stay valid for more than a day",
    severity=Severity.MEDIUM,
    confidence=Confidence.HIGH,
    cwe=(613,),
    mitigation="M17",
    fix="Set PERMANENT_SESSION_LIFETIME to hours, not days, or use Bastion's session timeouts.",
    scope=Scope.LIVE,
)
def session_lifetime_too_long(target: LiveTarget) -> Result:
    """## What it does
    Reads the session lifetime in force: Flask-Bastion's absolute timeout when
    the guard's sessions are installed, else `PERMANENT_SESSION_LIFETIME`
    (which also bounds how long Flask accepts a signed session cookie), and
    reports more than one day.

    ## Why is this bad?
    Flask's default is 31 days: a stolen cookie or a forgotten shared computer
    keeps the account open for a month.

    ## Example
    ```python
    app = Flask(__name__)  # PERMANENT_SESSION_LIFETIME = 31 days
    ```

    ## Use instead
    ```python
    app.config["PERMANENT_SESSION_LIFETIME"] = timedelta(hours=12)
    ```

    ## References
    - CWE-613; OWASP ASVS V3.3.2
    """
    app = app_of(target)
    if app is None:
        return
    key = "PERMANENT_SESSION_LIFETIME"
    if "bastion" in app.extensions and app.config.get("BASTION_SESSION_ABSOLUTE_TIMEOUT"):
        key = "BASTION_SESSION_ABSOLUTE_TIMEOUT"
    seconds = _seconds(app.config.get(key))
    probe = config_probe(target, key)
    limit = MAX_SESSION_LIFETIME.total_seconds()
    if seconds is None or seconds > limit:
        shown = "unbounded" if seconds is None else f"{seconds / 3600:g} hours"
        yield session_lifetime_too_long.finding(f"{key} is {shown} (at most 24 hours)", probe=probe)
    else:
        yield session_lifetime_too_long.evidence(f"{key} is {seconds / 3600:g} hours", probe=probe)
