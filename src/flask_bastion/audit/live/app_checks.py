"""Live rules on an imported app: effective configuration, URL map, dependencies.

Each rule reads ``target.app`` (the app after every extension's
``init_app``, configured from the real environment and secret files) and
yields nothing for a ``--url`` run. Secret values are judged, never shown.
"""

from __future__ import annotations

import datetime
import itertools
import os
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from ...mitigations.dependencies import FLOOR, below_floor
from ...mitigations.secret_key import weakness
from ..finding import Confidence, Evidence, Finding, Probe, Severity
from ..registry import Scope, rule
from .target import Auth, LiveTarget

if TYPE_CHECKING:
    from flask import Flask

Result = Iterator["Finding | Evidence"]

MAX_SESSION_LIFETIME = datetime.timedelta(days=1)


def _app(target: LiveTarget) -> Flask | None:
    return target.app


def config_probe(target: LiveTarget, key: str) -> Probe:
    """Evidence for a configuration finding: where the value was read, never the value."""
    return Probe("IMPORT", target.label, note=f"app.config[{key!r}] after init_app")


# -- FB18x configuration, secret key and debug -------------------------------------------


@rule(
    "FB180",
    "live-weak-secret-key",
    "SECRET_KEY in force is missing, short, a placeholder or low-entropy",
    severity=Severity.CRITICAL,
    confidence=Confidence.HIGH,
    cwe=(798, 330),
    mitigation="M05",
    fix="Generate a key with `bastion keygen` and load it from the environment or a secret file.",
    scope=Scope.LIVE,
)
def weak_secret_key(target: LiveTarget) -> Result:
    """## What it does
    Judges the `SECRET_KEY` (and every `SECRET_KEY_FALLBACKS` entry) the imported
    app really runs with, after the environment, secret files and every
    extension's `init_app`: missing, shorter than 32 bytes, a placeholder, or
    low-entropy. The value itself is never printed.

    ## Why is this bad?
    Whoever knows or guesses the key signs sessions and CSRF tokens: they log in
    as anyone. Placeholders and short keys are cracked offline from one cookie.

    ## Example
    ```python
    app.config["SECRET_KEY"] = "dev"
    ```

    ## Use instead
    ```python
    app.config["SECRET_KEY"] = os.environ["SECRET_KEY"]  # from `bastion keygen`
    ```

    ## References
    - CWE-798, CWE-330; OWASP ASVS V6.4.1
    - Flask docs: `SECRET_KEY`, `SECRET_KEY_FALLBACKS`
    """
    app = _app(target)
    if app is None:
        return
    min_bytes = int(app.config.get("BASTION_SECRET_KEY_MIN_BYTES") or 32)
    keys = [("SECRET_KEY", app.config.get("SECRET_KEY"))]
    keys += [
        (f"SECRET_KEY_FALLBACKS[{i}]", k)
        for i, k in enumerate(app.config.get("SECRET_KEY_FALLBACKS") or ())
    ]
    for name, key in keys:
        why = weakness(key, min_bytes)
        probe = config_probe(target, name.split("[")[0])
        if why:
            yield weak_secret_key.finding(f"{name}: {why}", probe=probe)
        else:
            yield weak_secret_key.evidence(
                f"{name} is long and random (value not shown)", probe=probe
            )


def _debug_sources(app: Flask) -> list[str]:
    sources = []
    if app.debug:
        sources.append("app.debug is True")
    if os.environ.get("FLASK_DEBUG", "").lower() not in ("", "0", "false", "no"):
        sources.append("FLASK_DEBUG is set in the environment")
    return sources


@rule(
    "FB181",
    "live-debug-mode-on",
    "The imported app runs with debug mode on",
    severity=Severity.HIGH,
    confidence=Confidence.HIGH,
    cwe=(489, 215),
    mitigation="M07",
    fix="Leave DEBUG and FLASK_DEBUG unset in production; serve with gunicorn, not `app.run`.",
    scope=Scope.LIVE,
)
def debug_mode_on(target: LiveTarget) -> Result:
    """## What it does
    Reports an imported app whose `app.debug` is true, or an environment with
    `FLASK_DEBUG` set (which `flask run` turns into debug mode).

    ## Why is this bad?
    Debug mode shows tracebacks with source and configuration to every visitor,
    and with the development server it enables the interactive debugger:
    remote code execution.

    ## Example
    ```python
    app.config["DEBUG"] = True
    ```

    ## Use instead
    ```python
    app.config.from_prefixed_env()  # DEBUG unset in production
    ```

    ## References
    - CWE-489, CWE-215; OWASP ASVS V14.3.2
    """
    app = _app(target)
    if app is None:
        return
    sources = _debug_sources(app)
    probe = config_probe(target, "DEBUG")
    if sources:
        yield debug_mode_on.finding("debug mode is on: " + "; ".join(sources), probe=probe)
    else:
        yield debug_mode_on.evidence("debug mode is off", probe=probe)


@rule(
    "FB182",
    "live-testing-mode-on",
    "The imported app runs with TESTING or LOGIN_DISABLED on",
    severity=Severity.HIGH,
    confidence=Confidence.HIGH,
    cwe=(489,),
    mitigation="M07",
    fix="Set TESTING and LOGIN_DISABLED only in the test suite's configuration.",
    scope=Scope.LIVE,
)
def testing_mode_on(target: LiveTarget) -> Result:
    """## What it does
    Reports an imported app with `TESTING` or Flask-Login's `LOGIN_DISABLED`
    true in its effective configuration.

    ## Why is this bad?
    `TESTING` propagates exceptions to the server (which may show them) and
    extensions relax checks under it; `LOGIN_DISABLED` turns every
    `login_required` into a no-op.

    ## Example
    ```python
    app.config.update(TESTING=True, LOGIN_DISABLED=True)
    ```

    ## Use instead
    ```python
    # tests/conftest.py only
    app = create_app({"TESTING": True})
    ```

    ## References
    - CWE-489
    """
    app = _app(target)
    if app is None:
        return
    on = [k for k in ("TESTING", "LOGIN_DISABLED") if app.config.get(k)]
    probe = config_probe(target, "TESTING")
    if on:
        yield testing_mode_on.finding(
            ", ".join(on) + " is on in the running configuration", probe=probe
        )
    else:
        yield testing_mode_on.evidence("TESTING and LOGIN_DISABLED are off", probe=probe)


@rule(
    "FB183",
    "live-request-limits-unset",
    "Request body or form parsing limits are unset",
    severity=Severity.MEDIUM,
    confidence=Confidence.HIGH,
    cwe=(400, 770),
    mitigation="M23",
    fix="Set MAX_CONTENT_LENGTH (and keep MAX_FORM_MEMORY_SIZE, MAX_FORM_PARTS), or use Bastion.",
    scope=Scope.LIVE,
)
def request_limits_unset(target: LiveTarget) -> Result:
    """## What it does
    Reads `MAX_CONTENT_LENGTH`, `MAX_FORM_MEMORY_SIZE` and `MAX_FORM_PARTS` in
    the running configuration and reports each one that is `None` (unlimited).

    ## Why is this bad?
    Without limits one client can send a body or a multipart form big enough to
    exhaust the worker's memory or disk.

    ## Example
    ```python
    app = Flask(__name__)  # MAX_CONTENT_LENGTH defaults to None
    ```

    ## Use instead
    ```python
    app.config["MAX_CONTENT_LENGTH"] = 16 * 1024 * 1024
    ```

    ## References
    - CWE-400, CWE-770; OWASP ASVS V13.1.3
    """
    app = _app(target)
    if app is None:
        return
    for key in ("MAX_CONTENT_LENGTH", "MAX_FORM_MEMORY_SIZE", "MAX_FORM_PARTS"):
        probe = config_probe(target, key)
        if app.config.get(key) is None:
            yield request_limits_unset.finding(f"{key} is unset: no limit", probe=probe)
        else:
            yield request_limits_unset.evidence(f"{key} = {app.config[key]}", probe=probe)


@rule(
    "FB184",
    "live-guard-profile-relaxed",
    "Flask-Bastion runs with a relaxed (development/testing) profile",
    severity=Severity.HIGH,
    confidence=Confidence.HIGH,
    cwe=(16,),
    mitigation="M07",
    fix="Set BASTION_PROFILE=production (the default) where the app serves real users.",
    scope=Scope.LIVE,
)
def guard_profile_relaxed(target: LiveTarget) -> Result:
    """## What it does
    Reports an app guarded by `Bastion` whose profile is not `production`,
    naming every setting the profile relaxes.

    ## Why is this bad?
    The development and testing profiles accept weak keys, debug mode and plain
    HTTP on purpose; in front of real users they remove the safety net.

    ## Example
    ```python
    app.config["BASTION_PROFILE"] = "development"
    Bastion(app)
    ```

    ## Use instead
    ```python
    Bastion(app)  # production profile by default
    ```

    ## References
    - CWE-16
    """
    app = _app(target)
    state = app.extensions.get("bastion") if app is not None else None
    if state is None:
        return
    profile = getattr(getattr(state, "profile", None), "value", "production")
    probe = config_probe(target, "BASTION_PROFILE")
    if profile != "production":
        relaxed = ", ".join(getattr(state, "relaxed", ())) or "nothing"
        msg = f"BASTION_PROFILE is {profile!r}; it relaxes {relaxed}"
        yield guard_profile_relaxed.finding(msg, probe=probe)
    else:
        yield guard_profile_relaxed.evidence(
            "Flask-Bastion guards the app (production profile)", probe=probe
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
    app = _app(target)
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


# -- FB38x CSRF --------------------------------------------------------------------------


def _csrf_layers(app: Flask) -> tuple[list[str], list[str]]:
    """(layers in force, switches that turn one off) from the effective config."""
    layers, off = [], []
    if "csrf" in app.extensions:
        if app.config.get("WTF_CSRF_ENABLED", True) is False:
            off.append("WTF_CSRF_ENABLED is False")
        elif app.config.get("WTF_CSRF_CHECK_DEFAULT", True) is False:
            off.append("WTF_CSRF_CHECK_DEFAULT is False (only views that opt in are checked)")
        else:
            layers.append("Flask-WTF CSRFProtect")
    if "bastion" in app.extensions:
        if app.config.get("BASTION_CSRF", True) is False:
            off.append("BASTION_CSRF is False")
        else:
            layers.append("Flask-Bastion CSRF")
    return layers, off


@rule(
    "FB380",
    "live-csrf-protection-off",
    "State-changing routes exist but no CSRF protection is in force",
    severity=Severity.HIGH,
    confidence=Confidence.HIGH,
    cwe=(352,),
    mitigation="M06",
    fix="Install Bastion (or Flask-WTF's CSRFProtect) and leave WTF_CSRF_ENABLED/BASTION_CSRF on.",
    scope=Scope.LIVE,
)
def csrf_protection_off(target: LiveTarget) -> Result:
    """## What it does
    Looks at the imported app's extensions and configuration: when a route
    accepts POST, PUT, PATCH or DELETE and neither Flask-Bastion's CSRF layer
    nor Flask-WTF's `CSRFProtect` is installed and on, it reports it, naming the
    switch that turned protection off (`WTF_CSRF_ENABLED`, `BASTION_CSRF`).

    ## Why is this bad?
    Any page a logged-in user visits can then make their browser submit your
    forms: change their e-mail, password, or delete their data.

    ## Example
    ```python
    app.config["WTF_CSRF_ENABLED"] = False
    ```

    ## Use instead
    ```python
    Bastion(app)  # Origin/Sec-Fetch-Site check, token fallback
    ```

    ## References
    - CWE-352; OWASP ASVS V4.2.2
    """
    app = _app(target)
    if app is None:
        return
    changing = [r for r in target.routes if r.state_changing]
    if not changing:
        return
    layers, off = _csrf_layers(app)
    probe = config_probe(target, "WTF_CSRF_ENABLED")
    for switch in off:
        yield csrf_protection_off.finding(f"CSRF protection switched off: {switch}", probe=probe)
    if layers:
        yield csrf_protection_off.evidence(
            "CSRF protection installed: " + ", ".join(layers), probe=probe
        )
    elif not off:
        msg = f"{len(changing)} routes change state and no CSRF protection is installed"
        yield csrf_protection_off.finding(msg, probe=probe)


# -- FB68x error handling ----------------------------------------------------------------


def _handled_codes(app: Flask) -> set[int | str]:
    """App-wide handlers: status codes, plus ``HTTPException`` / ``Exception`` catch-alls."""
    from werkzeug.exceptions import HTTPException

    found: set[int | str] = set()
    for code, handlers in app.error_handler_spec.get(None, {}).items():
        if code is not None and handlers:
            found.add(code)
        for exc_class in handlers:
            if exc_class in (Exception, HTTPException):
                found.add(exc_class.__name__)
    return found


@rule(
    "FB682",
    "live-error-handlers-missing",
    "No app-wide handler for 404 and 500 / unhandled exceptions",
    severity=Severity.LOW,
    confidence=Confidence.MEDIUM,
    cwe=(209,),
    mitigation="M08",
    fix="Register generic handlers for 4xx/5xx and Exception, or let Bastion register them.",
    scope=Scope.LIVE,
)
def error_handlers_missing(target: LiveTarget) -> Result:
    """## What it does
    Lists the error handlers the imported app registers app-wide and reports a
    missing handler for 404 or for 500 / `Exception`.

    ## Why is this bad?
    Without them the app answers with Werkzeug's default pages: not a leak by
    themselves, but no error id to correlate with logs, HTML to JSON clients,
    and one `debug=True` away from a traceback.

    ## Example
    ```python
    app = Flask(__name__)  # no @app.errorhandler
    ```

    ## Use instead
    ```python
    @app.errorhandler(500)
    def server_error(e):
        return render_template("500.html"), 500
    ```

    ## References
    - CWE-209; OWASP ASVS V7.4.1
    """
    app = _app(target)
    if app is None:
        return
    codes = _handled_codes(app)
    probe = config_probe(target, "error_handler_spec")
    catch_all = {"Exception", "HTTPException"}
    wanted = (("404", {404} | catch_all), ("500", {500} | catch_all))
    missing = [name for name, keys in wanted if not codes & keys]
    if missing:
        msg = "no app-wide error handler for " + " and ".join(missing)
        yield error_handlers_missing.finding(msg, probe=probe)
    else:
        shown = ", ".join(sorted(str(c) for c in codes))
        yield error_handlers_missing.evidence(f"error handlers registered for {shown}", probe=probe)


# -- FB88x routes and authentication -----------------------------------------------------


@rule(
    "FB880",
    "live-sensitive-route-public",
    "A sensitive-looking route answers anonymous requests",
    severity=Severity.HIGH,
    confidence=Confidence.MEDIUM,
    cwe=(306, 862),
    mitigation="M19",
    fix="Require login (and a role) on the route or its blueprint, or remove it from production.",
    scope=Scope.LIVE,
)
def sensitive_route_public(target: LiveTarget) -> Result:
    """## What it does
    Probes every route whose path looks sensitive (`admin`, `debug`, `console`,
    `internal`, `config`, `metrics`, `backup`, `test`, ...) with an anonymous
    request while the view itself is replaced by a sentinel, and reports the
    routes where the request got through every check to the view.

    ## Why is this bad?
    One forgotten `login_required` on an admin or debug endpoint hands it to
    everyone on the internet.

    ## Example
    ```python
    @app.get("/admin/users")
    def admin_users(): ...
    ```

    ## Use instead
    ```python
    @app.get("/admin/users")
    @login_required
    def admin_users(): ...
    ```

    ## References
    - CWE-306, CWE-862; OWASP ASVS V4.1.3
    """
    for route in target.routes:
        if not route.sensitive:
            continue
        exchange = route.auth_exchange or route.csrf_exchange
        probe = exchange.probe("view replaced by a sentinel") if exchange else None
        if route.auth is Auth.PUBLIC:
            msg = f"{route.rule} ({route.endpoint}) answers without login"
            yield sensitive_route_public.finding(msg, probe=probe)
        elif route.auth is Auth.REQUIRED:
            how = "" if route.auth_exchange else " (declared; the probe was stopped earlier)"
            msg = f"{route.rule} requires login{how}"
            yield sensitive_route_public.evidence(msg, probe=probe)


@rule(
    "FB881",
    "live-login-route-without-rate-limit",
    "A login-like route accepts POST without a rate limit",
    severity=Severity.MEDIUM,
    confidence=Confidence.MEDIUM,
    cwe=(307,),
    mitigation="M22",
    fix="Decorate the view with Bastion's login_rate_limit (or a Flask-Limiter limit).",
    scope=Scope.LIVE,
)
def login_route_without_rate_limit(target: LiveTarget) -> Result:
    """## What it does
    For every route whose path or endpoint looks like authentication (login,
    register, password reset, token, OTP) and accepts POST, reads the limits
    Flask-Limiter applies to it and reports routes with none.

    ## Why is this bad?
    An unlimited login form lets an attacker try passwords as fast as the
    server answers: credential stuffing and online guessing.

    ## Example
    ```python
    @app.post("/login")
    def login(): ...
    ```

    ## Use instead
    ```python
    @app.post("/login")
    @login_rate_limit
    def login(): ...
    ```

    ## References
    - CWE-307; OWASP ASVS V2.2.1
    """
    app = _app(target)
    if app is None:
        return
    for route in target.routes:
        if not route.login_like or "POST" not in route.methods:
            continue
        probe = config_probe(target, "RATELIMIT")
        if route.rate_limited is False:
            msg = f"{route.rule} ({route.endpoint}) accepts POST with no rate limit"
            yield login_route_without_rate_limit.finding(msg, probe=probe)
        elif route.rate_limited:
            yield login_route_without_rate_limit.evidence(
                f"{route.rule} is rate-limited", probe=probe
            )


# -- FB98x dependencies ------------------------------------------------------------------


def _advisories() -> tuple[Any, ...]:
    """The embedded advisory table of the static FB902 rule; the floor alone without it."""
    try:
        from ..rules.dependencies import advisories
    except ImportError:
        return ()
    return advisories()


def watched_packages() -> tuple[str, ...]:
    """Distributions whose installed version the live check reads."""
    return tuple(sorted(set(FLOOR) | {a.package for a in _advisories()}))


def _release(text: str) -> tuple[int, ...]:
    parts = []
    for part in text.split("."):
        digits = "".join(itertools.takewhile(str.isdigit, part))
        if not digits:
            break
        parts.append(int(digits))
    return tuple(parts)


def _problems(name: str, version: str, outdated: set[str]) -> list[str]:
    hits = [a for a in _advisories() if a.package == name and a.affects(_release(version))]
    problems = [f"{a.id}: {a.summary} (fixed in {'.'.join(map(str, a.fixed))})" for a in hits]
    if name in outdated and not problems:
        problems.append(f"below the security floor {FLOOR[name]}")
    return problems


@rule(
    "FB980",
    "live-outdated-dependency",
    "An installed Pallets package or extension has a known advisory",
    severity=Severity.HIGH,
    confidence=Confidence.HIGH,
    cwe=(1104, 1395),
    mitigation="M18",
    fix="Upgrade past every advisory: pip install -U flask werkzeug jinja2 (and the extension).",
    scope=Scope.LIVE,
)
def outdated_dependency(target: LiveTarget) -> Result:
    """## What it does
    Reads the versions of Flask, Werkzeug, Jinja2 and the extensions of the
    embedded advisory table installed where the app was imported, and reports
    each known advisory that affects them, or a version below the security
    floor (Flask 3.1.3, Werkzeug 3.1.6, Jinja2 3.1.6). Works offline.

    ## Why is this bad?
    Known framework vulnerabilities (debugger PIN bypasses, sandbox escapes,
    path traversal in `safe_join`) are the cheapest attacks there are.

    ## Example
    ```text
    werkzeug==2.2.2
    ```

    ## Use instead
    ```text
    werkzeug>=3.1.6
    ```

    ## References
    - CWE-1104, CWE-1395; OWASP ASVS V14.2.1
    """
    if _app(target) is None:
        return
    outdated = {o.name for o in below_floor(target.versions)}
    for name, version in sorted(target.versions.items()):
        probe = Probe("IMPORT", target.label, note=f"installed {name} {version}")
        problems = _problems(name, version, outdated)
        for problem in problems:
            yield outdated_dependency.finding(f"{name} {version}: {problem}", probe=probe)
        if not problems:
            msg = f"{name} {version}: no known advisory"
            yield outdated_dependency.evidence(msg, probe=probe)
