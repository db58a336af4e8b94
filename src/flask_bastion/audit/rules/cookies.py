"""FB2xx: session cookie flags (M01-M03), session lifetime (M17), regeneration on login (M13)."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta

from ..engine import ModuleContext
from ..finding import Confidence, Evidence, Finding, Location, Severity
from ..model import UNKNOWN, ConfigValue, FlaskModel, literal
from ..project import Project, iter_subtree
from ..registry import Rule, Scope, rule
from ._common import function_calls, is_test_path, keyword

_SENSITIVE_COOKIE = re.compile(
    r"sess|sid|token|auth|remember|login|user|account|jwt|csrf|xsrf|secret|key|access|refresh"
    r"|id$|^id|_id|cart|pass",
    re.IGNORECASE,
)
MAX_SESSION_LIFETIME = timedelta(days=1)
"""Longer absolute lifetimes are reported (Flask's default is 31 days)."""
COOKIE_GUARDS = ("Bastion", "Talisman")
TALISMAN_OPTIONS = {
    "SESSION_COOKIE_SECURE": "session_cookie_secure",
    "SESSION_COOKIE_HTTPONLY": "session_cookie_http_only",
    "SESSION_COOKIE_SAMESITE": "session_cookie_samesite",
}


def _covered(model: FlaskModel) -> Evidence | None:
    ext = model.extension(*COOKIE_GUARDS)
    if ext is None:
        return None
    return Evidence("", f"{ext.name} sets the session cookie flags", ext.location)


def _values(model: FlaskModel, key: str) -> list[ConfigValue]:
    return [v for v in model.config_values(key, production_only=True)
            if not is_test_path(v.location.path)]  # fmt: skip


def _flag_rule(
    project: Project, r: Rule, key: str, bad: object, unset_is_bad: bool, what: str
) -> Iterator[Finding | Evidence]:
    model: FlaskModel = project.model
    values = _values(model, key)
    guard = _covered(model)
    for v in values:
        if v.value is not UNKNOWN and _is_bad(v.value, bad):
            yield r.finding(f"{key} = {v.value!r} ({v.origin}): {what}", v.location)
        elif v.value is not UNKNOWN:
            yield r.evidence(f"{key} = {v.value!r}", v.location)
    talisman = model.extension("Talisman")
    option = TALISMAN_OPTIONS.get(key)
    turned_off = talisman.keyword(option) if talisman is not None and option else None
    if talisman is not None and turned_off is not None and _is_bad(literal(turned_off), bad):
        yield r.finding(f"Talisman({option}={literal(turned_off)!r}): {what}", talisman.location)
        return
    if values:
        return
    if guard is not None:
        yield r.evidence(guard.message, guard.location)
        return
    loaded = _loaded_from_file(project, key)
    if loaded is not None:
        if loaded.location is not None and _is_bad(loaded.value, bad):
            yield r.finding(f"{key} = {loaded.value!r} ({loaded.path}): {what}", loaded.location)
        elif loaded.location is not None:
            yield r.evidence(f"{key} is set in {loaded.path}", loaded.location)
        return
    where = model.primary_location()
    if where is not None and model.apps and unset_is_bad and model.uses_sessions:
        yield r.finding(
            f"{key} is never set and Flask's default leaves it off: {what}",
            where,
            confidence=Confidence.MEDIUM,
        )


@dataclass(frozen=True)
class _Loaded:
    path: str
    location: Location | None
    """Where the key is set; ``None`` when the file is not in the project (unknown)."""
    value: object = UNKNOWN


def _loaded_from_file(project: Project, key: str) -> _Loaded | None:
    """``app.config.from_file("config.toml", load=tomllib.load)`` sets *key*, or may.

    The file's top-level keys when the project has it (``Location`` of the key); a file
    the audit cannot see may set anything, so it counts as configured too.
    """
    for f in project.python_files:
        if "from_file" not in f.source:
            continue
        for call in f.nodes(ast.Call):
            func = call.func
            if not (isinstance(func, ast.Attribute) and func.attr == "from_file" and call.args):
                continue
            name = literal(call.args[0])
            if not isinstance(name, str):
                return _Loaded("a config file", None)
            base = name.replace("\\", "/").rsplit("/", 1)[-1]
            found = [c for c in project.config_files if c.path.rsplit("/", 1)[-1] == base]
            if not found:
                return _Loaded(name, None)
            for config in found:
                if isinstance(config.data, dict) and key in config.data:
                    line = next(
                        (i for i, t in enumerate(config.source.splitlines(), 1)
                         if t.lstrip().startswith((key, f'"{key}"'))),
                        1,
                    )  # fmt: skip
                    return _Loaded(config.path, Location(config.path, line), config.data[key])
    return None


def _is_bad(value: object, bad: object) -> bool:
    if bad is None:
        return value is None or (isinstance(value, str) and value.lower() == "none")
    return value == bad


@rule(
    "FB200",
    "session-cookie-httponly-disabled",
    "The session cookie is readable by page scripts (HttpOnly off)",
    severity=Severity.HIGH,
    confidence=Confidence.HIGH,
    cwe=[1004],
    mitigation="M01",
    fix="Remove SESSION_COOKIE_HTTPONLY = False (Flask's default is True).",
    scope=Scope.PROJECT,
)
def session_cookie_httponly_disabled(project: Project) -> Iterator[Finding | Evidence]:
    """## What it does
    Finds ``SESSION_COOKIE_HTTPONLY = False`` in configuration.

    ## Why is this bad?
    Without HttpOnly, one XSS bug lets a script read ``document.cookie``
    and send the session to the attacker.

    ## Example
    ```python
    app.config["SESSION_COOKIE_HTTPONLY"] = False
    ```

    ## Use instead
    ```python
    app.config["SESSION_COOKIE_HTTPONLY"] = True
    ```

    ## References
    - CWE-1004: Sensitive Cookie Without 'HttpOnly' Flag
    """
    return _flag_rule(
        project, session_cookie_httponly_disabled, "SESSION_COOKIE_HTTPONLY", False, False,
        "scripts can read the session cookie",
    )  # fmt: skip


@rule(
    "FB201",
    "session-cookie-without-secure",
    "The session cookie may be sent over plain HTTP (Secure not set)",
    severity=Severity.MEDIUM,
    confidence=Confidence.HIGH,
    cwe=[614],
    mitigation="M02",
    fix="Set SESSION_COOKIE_SECURE = True in production (or install Bastion / Talisman).",
    scope=Scope.PROJECT,
)
def session_cookie_without_secure(project: Project) -> Iterator[Finding | Evidence]:
    """## What it does
    Finds ``SESSION_COOKIE_SECURE = False``, or an app that keeps users in a
    session (``flask.session``, Flask-Login...) and never sets it while no
    extension (Bastion, Talisman) does. A file loaded with ``app.config.from_file``
    is read when the project has it (TOML/JSON keys), and counts as setting it when
    the audit cannot see it.

    ## Why is this bad?
    Flask's default is False: the browser then sends the session cookie on
    any plain-HTTP request (a typed URL, a downgraded link), where anyone on
    the network can copy it.

    ## Example
    ```python
    app = Flask(__name__)   # SESSION_COOKIE_SECURE never set
    ```

    ## Use instead
    ```python
    app.config["SESSION_COOKIE_SECURE"] = True
    ```

    ## References
    - CWE-614: Sensitive Cookie in HTTPS Session Without 'Secure' Attribute
    """
    return _flag_rule(
        project, session_cookie_without_secure, "SESSION_COOKIE_SECURE", False, True,
        "the session cookie travels over plain HTTP",
    )  # fmt: skip


@rule(
    "FB202",
    "session-cookie-without-samesite",
    "The session cookie has no SameSite attribute",
    severity=Severity.MEDIUM,
    confidence=Confidence.HIGH,
    cwe=[1275, 352],
    mitigation="M03",
    fix='Set SESSION_COOKIE_SAMESITE = "Lax" (or "Strict").',
    scope=Scope.PROJECT,
)
def session_cookie_without_samesite(project: Project) -> Iterator[Finding | Evidence]:
    """## What it does
    Finds ``SESSION_COOKIE_SAMESITE = None``, or an app that uses sessions
    and never sets it while no extension (Bastion, Talisman) does.

    ## Why is this bad?
    Flask's default is no SameSite attribute: every cross-site request
    carries the session, which is what CSRF needs.

    ## Example
    ```python
    app.config["SESSION_COOKIE_SAMESITE"] = None
    ```

    ## Use instead
    ```python
    app.config["SESSION_COOKIE_SAMESITE"] = "Lax"
    ```

    ## References
    - CWE-1275: Sensitive Cookie with Improper SameSite Attribute
    """
    return _flag_rule(
        project, session_cookie_without_samesite, "SESSION_COOKIE_SAMESITE", None, True,
        "cross-site requests carry the session",
    )  # fmt: skip


@rule(
    "FB203",
    "set-cookie-without-secure-flags",
    "A cookie is set without Secure, HttpOnly or SameSite",
    severity=Severity.MEDIUM,
    confidence=Confidence.MEDIUM,
    cwe=[614, 1004, 1275],
    mitigation="M02",
    fix="Pass secure=True, httponly=True and samesite='Lax' to set_cookie.",
    scope=Scope.MODULE,
)
def set_cookie_without_flags(ctx: ModuleContext) -> Iterator[Finding]:
    """## What it does
    Finds ``response.set_cookie(...)`` calls that leave out ``secure=True``,
    ``httponly=True`` or ``samesite=`` (or set them off), unless the cookie's
    literal name says it is a preference (``lang``, ``theme``): names about
    sessions, tokens, users, ids or carts count as sensitive, and so does a
    name the auditor cannot read.

    ## Why is this bad?
    Werkzeug's defaults are all off: the cookie is sent over HTTP, readable
    by scripts and attached to cross-site requests.

    ## Example
    ```python
    resp.set_cookie("remember", token)
    ```

    ## Use instead
    ```python
    resp.set_cookie("remember", token, secure=True, httponly=True, samesite="Lax")
    ```

    ## References
    - CWE-614, CWE-1004, CWE-1275
    """
    if is_test_path(ctx.file.path):
        return
    for call in ctx.nodes(ast.Call):
        func = call.func
        if not isinstance(func, ast.Attribute) or func.attr != "set_cookie":
            continue
        if any(k.arg is None for k in call.keywords):  # **options: cannot know
            continue
        name = literal(call.args[0]) if call.args else literal(keyword(call, "key"))
        if isinstance(name, str) and not _SENSITIVE_COOKIE.search(name):
            continue  # a preference cookie (lang, theme) carries nothing to steal
        missing = []
        for name in ("secure", "httponly", "samesite"):
            value = keyword(call, name)
            known = literal(value) if value is not None else None
            if value is None or (known is not UNKNOWN and not known) or known == "None":
                missing.append(name)
        if missing:
            yield set_cookie_without_flags.finding(
                f"set_cookie without {', '.join(missing)}", ctx.location(call)
            )


def _seconds(value: object, expr: ast.expr | None) -> float | None:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    if isinstance(expr, ast.Call) and (getattr(expr.func, "attr", None) == "timedelta" or (
        isinstance(expr.func, ast.Name) and expr.func.id == "timedelta"
    )):  # fmt: skip
        units = {"weeks": 604800, "days": 86400, "hours": 3600, "minutes": 60, "seconds": 1}
        total = 0.0
        for kw in expr.keywords:
            amount = literal(kw.value)
            if kw.arg not in units or not isinstance(amount, (int, float)):
                return None
            total += units[kw.arg] * amount
        if expr.args:
            amount = literal(expr.args[0])
            if not isinstance(amount, (int, float)):
                return None
            total += 86400 * amount
        return total
    return None


@rule(
    "FB204",
    "session-lifetime-too-long",
    "Sessions stay valid too long (PERMANENT_SESSION_LIFETIME)",
    severity=Severity.MEDIUM,
    confidence=Confidence.MEDIUM,
    cwe=[613],
    mitigation="M17",
    fix="Set PERMANENT_SESSION_LIFETIME to hours, not weeks (BASTION_SESSION_*_TIMEOUT).",
    scope=Scope.PROJECT,
)
def session_lifetime_too_long(project: Project) -> Iterator[Finding | Evidence]:
    """## What it does
    Finds ``PERMANENT_SESSION_LIFETIME`` set longer than a day, or never set
    (Flask then accepts a signed session cookie for 31 days).

    ## Why is this bad?
    A stolen or forgotten session stays usable for the whole lifetime; with
    cookie sessions there is no server-side logout to cut it short.

    ## Example
    ```python
    app.config["PERMANENT_SESSION_LIFETIME"] = timedelta(days=365)
    ```

    ## Use instead
    ```python
    app.config["PERMANENT_SESSION_LIFETIME"] = timedelta(hours=8)
    ```

    ## References
    - CWE-613: Insufficient Session Expiration
    """
    model: FlaskModel = project.model
    values = _values(model, "PERMANENT_SESSION_LIFETIME")
    limit = MAX_SESSION_LIFETIME.total_seconds()
    for v in values:
        seconds = _seconds(v.value, v.expr)
        if seconds is None:
            continue
        if seconds > limit:
            days = seconds / 86400
            yield session_lifetime_too_long.finding(
                f"sessions stay valid {days:.0f} days", v.location
            )
        else:
            yield session_lifetime_too_long.evidence("a short session lifetime is set", v.location)
    if values:
        return
    bastion = model.extension("Bastion")
    if bastion is not None:
        yield session_lifetime_too_long.evidence(
            "Bastion enforces idle and absolute session timeouts", bastion.location
        )
    elif model.apps and model.uses_sessions:
        yield session_lifetime_too_long.finding(
            "PERMANENT_SESSION_LIFETIME is never set: sessions stay valid 31 days",
            model.apps[0].location,
            severity=Severity.LOW,
        )


SESSION_USER_KEY = re.compile(
    r"^_?(user(_?id|name)?|uid|logged_?in|is_authenticated|authenticated|account(_?id)?"
    r"|email|identity|current_user)$",
    re.IGNORECASE,
)
"""Session keys that mean "this user is logged in" (not ``oauth_token``, ``cart``...)."""
REGENERATORS = ("clear", "regenerate_session", "regenerate", "new_session", "rotate")


@rule(
    "FB205",
    "session-not-regenerated-on-login",
    "A login view keeps the pre-login session (session fixation)",
    severity=Severity.MEDIUM,
    confidence=Confidence.MEDIUM,
    cwe=[384],
    mitigation="M13",
    fix="Call session.clear() (or flask_bastion.regenerate_session()) before logging the user in.",
    scope=Scope.MODULE,
)
def session_not_regenerated(ctx: ModuleContext) -> Iterator[Finding | Evidence]:
    """## What it does
    Finds functions that log a user in (``login_user(...)`` or
    ``session["user_id"] = ...``, exact login keys only) without clearing or
    regenerating the session first. Bastion, which regenerates on
    ``login_user`` automatically, counts as the fix.

    ## Why is this bad?
    With server-side sessions, an attacker who planted a session id before
    login owns the logged-in session. With cookie sessions the attacker's
    copy never gains the login, but everything planted in it survives into
    the logged-in session — the CSRF token first: the attacker knows the
    token of the victim's session and can forge requests with it. So the finding is
    HIGH where sessions are kept server-side (Flask-Session, ``SESSION_TYPE``,
    ``app.session_interface``) and LOW (severity and confidence) with Flask's default
    cookie session.

    ## Example
    ```python
    session["user_id"] = user.id
    ```

    ## Use instead
    ```python
    session.clear()
    session["user_id"] = user.id
    ```

    ## References
    - CWE-384: Session Fixation
    - OWASP ASVS V3.2.1
    """
    if is_test_path(ctx.file.path):
        return
    source = ctx.file.source
    if "login_user" not in source and "session[" not in source:
        return
    model = ctx.model
    bastion = model.extension("Bastion")
    for fn in ctx.nodes(ast.FunctionDef) + ctx.nodes(ast.AsyncFunctionDef):  # type: ignore[operator]
        login = _login_statement(ctx, fn)
        if login is None:
            continue
        if bastion is not None:
            yield session_not_regenerated.evidence(
                "Bastion regenerates the session on login", bastion.location
            )
            continue
        if any(_is_regenerator(ctx, c) for c in function_calls(fn)):
            yield session_not_regenerated.evidence(
                "the session is regenerated on login", ctx.location(fn)
            )
            continue
        if model.server_side_sessions is not None:
            yield session_not_regenerated.finding(
                "the user is logged in without regenerating the server-side session: "
                "a session id planted before login is then logged in",
                ctx.location(login),
                severity=Severity.HIGH,
                confidence=Confidence.HIGH,
            )
            continue
        yield session_not_regenerated.finding(
            "the user is logged in without clearing the session: with Flask's cookie "
            "session nothing is fixated, but the CSRF token and any pre-login data carry over",
            ctx.location(login),
            severity=Severity.LOW,
            confidence=Confidence.LOW,
        )


def _login_statement(ctx: ModuleContext, fn: ast.AST) -> ast.AST | None:
    for node in iter_subtree(fn):
        if isinstance(node, ast.Call) and ctx.call_name(node).endswith("login_user"):
            return node
        if isinstance(node, ast.Assign):
            for t in node.targets:
                if isinstance(t, ast.Subscript) and ctx.qualname(t.value) == "flask.session":
                    key = literal(t.slice)
                    if isinstance(key, str) and SESSION_USER_KEY.match(key):
                        return node
    return None


def _is_regenerator(ctx: ModuleContext, call: ast.Call) -> bool:
    name = ctx.call_name(call)
    return name.rsplit(".", 1)[-1] in REGENERATORS and (
        "session" in name or "regenerate" in name or "rotate" in name
    )


_HOST_PREFIX = "__Host-"


def _truthy_or_unknown(values: list[ConfigValue]) -> ConfigValue | None:
    """A value that is True, or an expression we cannot read (configured, then)."""
    return next((v for v in values if v.value is UNKNOWN or v.value is True), None)


def _pinned_cookie(model: FlaskModel) -> ConfigValue | None:
    names = [
        v for v in _values(model, "SESSION_COOKIE_NAME")
        if isinstance(v.value, str) and v.value.startswith(_HOST_PREFIX)
    ]  # fmt: skip
    return names[0] if names else _truthy_or_unknown(_values(model, "BASTION_COOKIE_HOST_PREFIX"))


@rule(
    "FB206",
    "session-cookie-shared-with-subdomains",
    "The session cookie is shared with every subdomain (SESSION_COOKIE_DOMAIN)",
    severity=Severity.MEDIUM,
    confidence=Confidence.HIGH,
    cwe=[565, 1275],
    mitigation="M04",
    fix="Leave SESSION_COOKIE_DOMAIN unset and name the cookie __Host-session "
    "(BASTION_COOKIE_HOST_PREFIX = True).",
    scope=Scope.PROJECT,
)
def session_cookie_shared_with_subdomains(project: Project) -> Iterator[Finding | Evidence]:
    """## What it does
    Finds ``SESSION_COOKIE_DOMAIN`` set to a domain, which makes browsers send
    the session cookie to every subdomain and lets any subdomain set one, and
    a cookie name with the ``__Host-`` prefix combined with a domain (browsers
    then drop the cookie). Reports the ``__Host-`` prefix or
    ``BASTION_COOKIE_HOST_PREFIX`` as the mitigation in place.

    ## Why is this bad?
    A cookie scoped to ``.example.com`` reaches ``blog.example.com`` and
    every forgotten staging host; any of them can read it, or toss a cookie
    of its own that fixes the victim's session ("cookie tossing"). The
    ``__Host-`` prefix makes the browser refuse both.

    ## Example
    ```python
    app.config["SESSION_COOKIE_DOMAIN"] = ".example.com"
    ```

    ## Use instead
    ```python
    app.config["BASTION_COOKIE_HOST_PREFIX"] = True   # __Host-session, no Domain
    ```

    ## References
    - CWE-565: Reliance on Cookies without Validation and Integrity Checking
    - RFC 6265bis, section 4.1.3.2: the ``__Host-`` prefix
    """
    model: FlaskModel = project.model
    r = session_cookie_shared_with_subdomains
    for v in _values(model, "SESSION_COOKIE_DOMAIN"):
        if isinstance(v.value, str) and v.value.strip():
            yield r.finding(
                f"SESSION_COOKIE_DOMAIN = {v.value!r}: every subdomain gets the session cookie",
                v.location,
            )
    pinned = _pinned_cookie(model)
    if pinned is not None:
        yield r.evidence(f"{pinned.key} pins the session cookie to one origin", pinned.location)
