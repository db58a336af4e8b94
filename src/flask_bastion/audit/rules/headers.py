"""FB7xx: security headers and cross-origin policy (M09), HTTPS enforcement (M02)."""

from __future__ import annotations

import ast
from collections.abc import Iterator

from ..engine import ModuleContext
from ..finding import Confidence, Evidence, Finding, Severity
from ..model import UNKNOWN, FlaskModel, literal
from ..project import Project
from ..registry import Scope, rule
from ._common import is_test_path, keyword

HEADER_EXTENSIONS = ("Bastion", "Talisman", "Secure", "CSP")
SECURITY_HEADERS = frozenset(
    {
        "content-security-policy", "content-security-policy-report-only",
        "strict-transport-security", "x-frame-options", "x-content-type-options",
        "referrer-policy", "permissions-policy", "cross-origin-opener-policy",
    }
)  # fmt: skip
HTTPS_EXTENSIONS = ("Bastion", "Talisman", "SSLify")


@rule(
    "FB700",
    "security-headers-missing",
    "No security headers are set anywhere",
    severity=Severity.MEDIUM,
    confidence=Confidence.MEDIUM,
    cwe=[693, 1021],
    mitigation="M09",
    fix="Install Bastion (or Talisman) for CSP, HSTS, nosniff and frame protection.",
    scope=Scope.PROJECT,
)
def security_headers_missing(project: Project) -> Iterator[Finding | Evidence]:
    """## What it does
    Reports an app that serves HTML pages with no extension that sets
    security headers (Bastion,
    Talisman, ``secure``) and no ``after_request`` hook that sets
    ``Content-Security-Policy``, ``X-Frame-Options``, ``X-Content-Type-Options``
    or HSTS. When a hook sets some but no CSP, reports the missing CSP.

    ## Why is this bad?
    Headers make the browser block whole bug classes: injected scripts
    (CSP), clickjacking (frame-ancestors), MIME sniffing, downgrade (HSTS).

    ## Example
    ```python
    app = Flask(__name__)
    ```

    ## Use instead
    ```python
    Talisman(app)   # or Bastion(app)
    ```

    ## References
    - CWE-693: Protection Mechanism Failure
    - CWE-1021: Improper Restriction of Rendered UI Layers
    """
    model: FlaskModel = project.model
    ext = model.extension(*HEADER_EXTENSIONS)
    if ext is not None:
        yield security_headers_missing.evidence(f"{ext.name} sets security headers", ext.location)
        return
    hooks = [
        h for h in model.hooks if h.kind == "after_request" and SECURITY_HEADERS & set(h.headers)
    ]
    for hook in hooks:
        yield security_headers_missing.evidence(
            "an after_request hook sets " + ", ".join(sorted(SECURITY_HEADERS & set(hook.headers))),
            hook.location,
        )
    if not model.apps or not model.routes or not (model.renders_html or project.templates):
        return  # a JSON-only API gains little from CSP and frame protection
    if not hooks:
        yield security_headers_missing.finding(
            "no Content-Security-Policy, X-Frame-Options, nosniff or HSTS header is set",
            model.apps[0].location,
        )
    elif not any(h.startswith("content-security-policy") for hook in hooks for h in hook.headers):
        yield security_headers_missing.finding(
            "security headers are set but no Content-Security-Policy",
            hooks[0].location,
            severity=Severity.LOW,
        )


@rule(
    "FB701",
    "https-not-enforced",
    "Nothing redirects HTTP to HTTPS or sends HSTS",
    severity=Severity.MEDIUM,
    confidence=Confidence.LOW,
    cwe=[319, 311],
    mitigation="M02",
    fix="Install Bastion or Talisman (force_https), or redirect and send HSTS at the proxy.",
    scope=Scope.PROJECT,
)
def https_not_enforced(project: Project) -> Iterator[Finding | Evidence]:
    """## What it does
    Reports ``Talisman(force_https=False)`` / ``BASTION_FORCE_HTTPS = False``,
    and apps with sessions where no extension enforces HTTPS and no hook
    sends ``Strict-Transport-Security`` (low confidence: the proxy may do it).

    ## Why is this bad?
    The first plain-HTTP request of a session can be intercepted and the
    user kept on HTTP (SSL stripping), cookies and credentials in clear.

    ## Example
    ```python
    Talisman(app, force_https=False)
    ```

    ## Use instead
    ```python
    Talisman(app)   # force_https and HSTS on
    ```

    ## References
    - CWE-319: Cleartext Transmission of Sensitive Information
    """
    model: FlaskModel = project.model
    for v in model.config_values("BASTION_FORCE_HTTPS", production_only=True):
        if v.value is False:
            yield https_not_enforced.finding("BASTION_FORCE_HTTPS is off", v.location)
    talisman = model.extension("Talisman")
    if talisman is not None:
        force = talisman.keyword("force_https")
        if force is not None and literal(force) is False:
            yield https_not_enforced.finding(
                "Talisman(force_https=False) leaves plain HTTP open",
                talisman.location,
                confidence=Confidence.HIGH,
            )
            return
    ext = model.extension(*HTTPS_EXTENSIONS)
    if ext is not None:
        yield https_not_enforced.evidence(f"{ext.name} redirects to HTTPS", ext.location)
        return
    hsts = [h for h in model.hooks if "strict-transport-security" in h.headers]
    if hsts:
        yield https_not_enforced.evidence("an after_request hook sends HSTS", hsts[0].location)
        return
    if model.apps and model.routes and model.uses_sessions:
        yield https_not_enforced.finding(
            "no HTTPS redirect or HSTS in the app (fine only if the proxy does both)",
            model.apps[0].location,
        )


def _any_origin(value: object) -> bool:
    if value is None or value == "*":
        return True
    if isinstance(value, (list, tuple, set)):
        return any(v == "*" for v in value)
    if isinstance(value, dict):  # resources={r"/api/*": {"origins": "*"}}
        return any(
            isinstance(v, dict) and _any_origin(v.get("origins", "*")) for v in value.values()
        )
    return False


@rule(
    "FB702",
    "cors-any-origin-with-credentials",
    "CORS lets any site make credentialed requests",
    severity=Severity.HIGH,
    confidence=Confidence.HIGH,
    cwe=[942, 346],
    mitigation="M09",
    fix="List the trusted origins explicitly when supports_credentials=True.",
    scope=Scope.MODULE,
)
def cors_any_origin_with_credentials(ctx: ModuleContext) -> Iterator[Finding]:
    """## What it does
    Finds Flask-CORS (``CORS(app, ...)``, ``@cross_origin(...)``) set up
    with ``supports_credentials=True`` while origins are ``"*"`` or not
    given (Flask-CORS then reflects whatever origin asks).

    ## Why is this bad?
    Any website the user visits can call the API with the user's cookies
    and read the answers: their data, their CSRF tokens, their account.

    ## Example
    ```python
    CORS(app, origins="*", supports_credentials=True)
    ```

    ## Use instead
    ```python
    CORS(app, origins=["https://app.example.com"], supports_credentials=True)
    ```

    ## References
    - CWE-942: Permissive Cross-domain Policy with Untrusted Domains
    - https://flask-cors.readthedocs.io/en/latest/api.html
    """
    if is_test_path(ctx.file.path):
        return
    for call in ctx.nodes(ast.Call):
        name = ctx.call_name(call)
        if name not in ("flask_cors.CORS", "flask_cors.cross_origin"):
            continue
        credentials = keyword(call, "supports_credentials")
        if credentials is None or literal(credentials) is not True:
            continue
        origins = keyword(call, "origins")
        resources = keyword(call, "resources")
        value = literal(origins) if origins is not None else None
        if origins is None and resources is not None:
            value = literal(resources)
            if not isinstance(value, dict):
                continue
        if value is UNKNOWN or not _any_origin(value):
            continue
        yield cors_any_origin_with_credentials.finding(
            "credentialed CORS open to every origin", ctx.location(call)
        )
