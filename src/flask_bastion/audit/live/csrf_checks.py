"""Live rules FB380-FB381: CSRF layers in force, and cross-site requests to every
state-changing route."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..finding import Confidence, Severity
from ..registry import Scope, rule
from ._common import Result, app_of, config_probe
from .target import (
    Csrf,
    LiveTarget,
)

if TYPE_CHECKING:
    from flask import Flask


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
    app = app_of(target)
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


# -- FB38x CSRF --------------------------------------------------------------------------


@rule(
    "FB381",
    "live-cross-site-request-accepted",
    "A state-changing route accepts a cross-site request without a CSRF token",
    severity=Severity.HIGH,
    confidence=Confidence.HIGH,
    cwe=(352,),
    mitigation="M06",
    fix="Protect the route (remove the exemption, install Bastion or CSRFProtect).",
    scope=Scope.LIVE,
)
def cross_site_request_accepted(target: LiveTarget) -> Result:
    """## What it does
    Sends every POST/PUT/PATCH/DELETE route of the imported app a request with
    no CSRF token, a cross-site `Origin` and `Sec-Fetch-Site: cross-site`, with
    the view replaced by a sentinel (the real view never runs), and reports the
    routes where the request got through to the view.

    ## Why is this bad?
    A route that accepts it can be triggered from any web page a logged-in user
    visits, with the user's cookies.

    ## Example
    ```python
    @csrf.exempt
    @app.post("/account/delete")
    def delete_account(): ...
    ```

    ## Use instead
    ```python
    @app.post("/account/delete")
    def delete_account(): ...  # checked by Bastion's CSRF layer
    ```

    ## References
    - CWE-352; OWASP ASVS V4.2.2, V13.2.3
    """
    for route in target.routes:
        exchange = route.csrf_exchange
        if exchange is None:
            continue
        probe = exchange.probe("no token, cross-site Origin; view replaced by a sentinel")
        if route.csrf is Csrf.ACCEPTED:
            msg = f"{exchange.method} {route.rule} ({route.endpoint}) reached the view"
            yield cross_site_request_accepted.finding(msg, probe=probe)
        elif route.csrf is Csrf.REJECTED:
            msg = f"{exchange.method} {route.rule} rejected ({exchange.status})"
            yield cross_site_request_accepted.evidence(msg, probe=probe)
