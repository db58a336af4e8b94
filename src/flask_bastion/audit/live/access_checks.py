"""Live rules FB880-FB881: sensitive routes answering anonymously, login routes without limits."""

from __future__ import annotations

from ..finding import Confidence, Severity
from ..registry import Scope, rule
from ._common import Result, app_of, config_probe
from .target import (
    Auth,
    LiveTarget,
)

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
    app = app_of(target)
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
