"""Live rules on responses: cookies, CSRF, debugger, error pages, headers, transport.

They read only the exchanges of a :class:`LiveTarget`, so each serves both
``--app`` (test client) and ``--url`` (network). A probe that got no answer
is skipped, never judged.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..finding import Confidence, Evidence, Finding, Severity
from ..registry import Scope, rule
from .app_checks import config_probe
from .probes import ERROR_MARKER
from .target import (
    CONSOLE,
    DEBUGGER_RESOURCE,
    ERROR,
    EXPOSED_PREFIX,
    FORGED_HOST,
    FORGED_HOST_NAME,
    HOME,
    NOT_FOUND,
    OPTIONS,
    PLAIN_HTTP,
    TRACE,
    Cookie,
    Csrf,
    Exchange,
    LiveTarget,
)

Result = Iterator["Finding | Evidence"]

MIN_HSTS_SECONDS = 15_552_000  # 180 days
REDIRECTS = (301, 302, 307, 308)
DANGEROUS_METHODS = ("TRACE", "TRACK", "CONNECT")


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
    for cookie in target.session_cookies():
        probe = cookie.exchange.probe(_cookie_note(cookie))
        if "httponly" not in cookie.attributes:
            msg = f"cookie {cookie.name} is sent without HttpOnly"
            yield cookie_without_httponly.finding(msg, probe=probe)
        else:
            yield cookie_without_httponly.evidence(f"cookie {cookie.name} is HttpOnly", probe=probe)


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
    for cookie in target.session_cookies():
        probe = cookie.exchange.probe(_cookie_note(cookie))
        if "secure" not in cookie.attributes:
            msg = f"cookie {cookie.name} is sent without Secure"
            yield cookie_without_secure.finding(msg, probe=probe)
        else:
            yield cookie_without_secure.evidence(f"cookie {cookie.name} is Secure", probe=probe)


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


# -- FB68x debugger and error pages ------------------------------------------------------


def _debugger_answers(exchange: Exchange | None, css: bool) -> bool:
    if exchange is None or exchange.status != 200:
        return False
    text = exchange.text()
    if css:
        return "css" in (exchange.header("Content-Type") or "") and (
            ".traceback" in text or ".console" in text or "debugger" in text.lower()
        )
    return "werkzeug" in text.lower() and ("console" in text.lower() or "debugger" in text.lower())


def _debugged_wsgi(target: LiveTarget) -> bool:
    from werkzeug.debug import DebuggedApplication

    layer = getattr(target.app, "wsgi_app", None)
    for _ in range(20):  # middleware chains are short; never loop forever
        if isinstance(layer, DebuggedApplication):
            return True
        layer = getattr(layer, "app", None)
        if layer is None:
            return False
    return False


@rule(
    "FB680",
    "live-debugger-reachable",
    "The Werkzeug debugger or its console answers",
    severity=Severity.CRITICAL,
    confidence=Confidence.HIGH,
    cwe=(489, 94),
    mitigation="M07",
    fix="Remove DebuggedApplication / debug=True; serve with gunicorn behind a proxy.",
    scope=Scope.LIVE,
)
def debugger_reachable(target: LiveTarget) -> Result:
    """## What it does
    Requests `/console` and the debugger's own resource
    (`?__debugger__=yes&cmd=resource&f=style.css`) and reports when the
    Werkzeug debugger answers; for an imported app it also reports a
    `DebuggedApplication` in the WSGI middleware chain.

    ## Why is this bad?
    The debugger is a Python console in the browser: whoever reaches it (the
    PIN is guessable or leaked) runs code on the server.

    ## Example
    ```python
    app.wsgi_app = DebuggedApplication(app.wsgi_app, evalex=True)
    ```

    ## Use instead
    ```sh
    gunicorn 'app:create_app()'
    ```

    ## References
    - CWE-489, CWE-94; OWASP ASVS V14.3.2
    """
    console, resource = target.get(CONSOLE), target.get(DEBUGGER_RESOURCE)
    if _debugger_answers(console, css=False) and console is not None:
        yield debugger_reachable.finding("the Werkzeug console answers", probe=console.probe())
    elif _debugger_answers(resource, css=True) and resource is not None:
        msg = "the Werkzeug debugger answers (its resources are served)"
        yield debugger_reachable.finding(msg, probe=resource.probe())
    elif target.app is not None and _debugged_wsgi(target):
        msg = "app.wsgi_app is wrapped in Werkzeug's DebuggedApplication"
        yield debugger_reachable.finding(msg, probe=console.probe() if console else None)
    elif console is not None:
        yield debugger_reachable.evidence("no debugger console answers", probe=console.probe())


_PATH = re.compile(
    r"""(File "[^"]+\.py"|/[\w.-]+/[\w./-]+\.py\b|[A-Z]:\\[^\s"<]+\.py\b|site-packages)"""
)


def _leaks(exchange: Exchange) -> str | None:
    text = exchange.text()
    if "Traceback (most recent call last)" in text or "__debugger__" in text:
        return "a traceback"
    if ERROR_MARKER in text:
        return "the exception text"
    if _PATH.search(text):
        return "a source file path"
    return None


@rule(
    "FB681",
    "live-error-page-leaks",
    "An error page shows a traceback, the exception text or source paths",
    severity=Severity.MEDIUM,
    confidence=Confidence.HIGH,
    cwe=(209, 497),
    mitigation="M08",
    fix="Register generic error handlers (Bastion does) and never return str(e) or tracebacks.",
    scope=Scope.LIVE,
)
def error_page_leaks(target: LiveTarget) -> Result:
    """## What it does
    Makes the imported app handle a synthetic exception with its own error
    handling (no route runs), and fetches a random missing path, then reports
    a page that contains a traceback, the exception's text or a source path.

    ## Why is this bad?
    Tracebacks and exception text show code paths, library versions, SQL and
    sometimes secrets: the map for the next attack.

    ## Example
    ```python
    @app.errorhandler(Exception)
    def oops(e):
        return f"error: {e}", 500
    ```

    ## Use instead
    ```python
    @app.errorhandler(Exception)
    def oops(e):
        app.logger.exception("unhandled")
        return render_template("500.html"), 500
    ```

    ## References
    - CWE-209, CWE-497; OWASP ASVS V7.4.1
    """
    propagated = target.exchanges.get(ERROR)
    if propagated is not None and propagated.failure == "propagated":
        msg = "unhandled errors reach the server's debugger, which shows the traceback"
        yield error_page_leaks.finding(msg, probe=propagated.probe())
    for name in (ERROR, NOT_FOUND):
        exchange = target.get(name)
        if exchange is None:
            continue
        leak = _leaks(exchange)
        what = "unhandled-error page" if name == ERROR else "not-found page"
        if leak:
            yield error_page_leaks.finding(f"the {what} shows {leak}", probe=exchange.probe())
        else:
            msg = f"the {what} ({exchange.status}) shows no traceback or exception text"
            yield error_page_leaks.evidence(msg, probe=exchange.probe())


# -- FB78x headers, transport, methods, host ---------------------------------------------


def _missing_headers(exchange: Exchange) -> list[str]:
    csp = exchange.header("Content-Security-Policy") or ""
    missing = []
    if not csp:
        missing.append("Content-Security-Policy")
    if (exchange.header("X-Content-Type-Options") or "").lower() != "nosniff":
        missing.append("X-Content-Type-Options: nosniff")
    if not exchange.header("X-Frame-Options") and "frame-ancestors" not in csp:
        missing.append("X-Frame-Options (or CSP frame-ancestors)")
    if not exchange.header("Referrer-Policy"):
        missing.append("Referrer-Policy")
    return missing


@rule(
    "FB780",
    "live-security-headers-missing",
    "A page is served without the basic security headers",
    severity=Severity.MEDIUM,
    confidence=Confidence.HIGH,
    cwe=(693, 1021),
    mitigation="M09",
    fix="Install Bastion (headers on by default) or send the headers from an after_request hook.",
    scope=Scope.LIVE,
)
def security_headers_missing(target: LiveTarget) -> Result:
    """## What it does
    Reads the headers of the home page and of a 404 page and reports each
    missing one of `Content-Security-Policy`, `X-Content-Type-Options: nosniff`,
    frame protection (`X-Frame-Options` or CSP `frame-ancestors`) and
    `Referrer-Policy`.

    ## Why is this bad?
    These headers make the browser block whole classes of attacks (XSS impact,
    clickjacking, MIME sniffing, referrer leaks) even when the code has a bug.

    ## Example
    ```http
    HTTP/1.1 200 OK
    Content-Type: text/html
    ```

    ## Use instead
    ```http
    Content-Security-Policy: default-src 'self'; frame-ancestors 'none'
    X-Content-Type-Options: nosniff
    Referrer-Policy: strict-origin-when-cross-origin
    ```

    ## References
    - CWE-693, CWE-1021; OWASP ASVS V14.4
    """
    for name in (HOME, NOT_FOUND):
        exchange = target.get(name)
        if exchange is None:
            continue
        missing = _missing_headers(exchange)
        page = "home page" if name == HOME else "page for a missing path"
        for header in missing:
            msg = f"the {page} is sent without {header}"
            yield security_headers_missing.finding(msg, probe=exchange.probe())
        if not missing:
            msg = f"the {page} carries CSP, nosniff, frame protection and Referrer-Policy"
            yield security_headers_missing.evidence(msg, probe=exchange.probe())


def _max_age(value: str) -> int:
    match = re.search(r"max-age\s*=\s*\"?(\d+)", value, re.IGNORECASE)
    return int(match.group(1)) if match else 0


@rule(
    "FB781",
    "live-hsts-missing",
    "HTTPS responses carry no (or a short) Strict-Transport-Security",
    severity=Severity.MEDIUM,
    confidence=Confidence.HIGH,
    cwe=(319,),
    mitigation="M09",
    fix="Send Strict-Transport-Security: max-age=31536000; includeSubDomains (Bastion does).",
    scope=Scope.LIVE,
)
def hsts_missing(target: LiveTarget) -> Result:
    """## What it does
    Reads `Strict-Transport-Security` on the home page served over HTTPS and
    reports it missing or with a `max-age` under 180 days.

    ## Why is this bad?
    Without HSTS a browser still tries plain HTTP first (typed URLs, old
    links), where an attacker on the network strips TLS.

    ## Example
    ```http
    HTTP/1.1 200 OK
    ```

    ## Use instead
    ```http
    Strict-Transport-Security: max-age=31536000; includeSubDomains
    ```

    ## References
    - CWE-319; OWASP ASVS V9.1.1, V14.4.5
    """
    home = target.get(HOME)
    if home is None or not target.https:
        return
    value = home.header("Strict-Transport-Security") or ""
    if not value:
        yield hsts_missing.finding(
            "the HTTPS home page has no Strict-Transport-Security", probe=home.probe()
        )
    elif _max_age(value) < MIN_HSTS_SECONDS:
        msg = f"Strict-Transport-Security max-age is {_max_age(value)} s (at least 180 days)"
        yield hsts_missing.finding(msg, probe=home.probe())
    else:
        yield hsts_missing.evidence(f"Strict-Transport-Security: {value}", probe=home.probe())


@rule(
    "FB782",
    "live-no-https-redirect",
    "Plain HTTP is answered instead of redirected to HTTPS",
    severity=Severity.MEDIUM,
    confidence=Confidence.HIGH,
    cwe=(319,),
    mitigation="M02",
    fix="Redirect HTTP to HTTPS at the proxy or with BASTION_FORCE_HTTPS (on in production).",
    scope=Scope.LIVE,
)
def no_https_redirect(target: LiveTarget) -> Result:
    """## What it does
    Requests the home page over plain HTTP (the given `http://` URL, port 80
    beside an `https://` one, or the test client without TLS) and reports an
    answer that is not a redirect to `https://`.

    ## Why is this bad?
    Every page served over HTTP can be read and rewritten on the network, and
    the first visit of a user without HSTS is exposed.

    ## Example
    ```http
    GET http://example.com/ -> 200 OK
    ```

    ## Use instead
    ```http
    GET http://example.com/ -> 308 Location: https://example.com/
    ```

    ## References
    - CWE-319; OWASP ASVS V9.1.1
    """
    plain = target.get(PLAIN_HTTP)
    if plain is None:
        return
    location = plain.header("Location") or ""
    if plain.status in REDIRECTS and location.lower().startswith("https://"):
        yield no_https_redirect.evidence(f"plain HTTP redirects to {location}", probe=plain.probe())
    else:
        msg = f"plain HTTP is answered with {plain.status}, not a redirect to HTTPS"
        yield no_https_redirect.finding(msg, probe=plain.probe())


@rule(
    "FB783",
    "live-dangerous-method-allowed",
    "TRACE (or TRACK/CONNECT) is allowed",
    severity=Severity.LOW,
    confidence=Confidence.HIGH,
    cwe=(16,),
    mitigation="M21",
    fix="Refuse TRACE/TRACK/CONNECT at the proxy and never list them in route methods.",
    scope=Scope.LIVE,
)
def dangerous_method_allowed(target: LiveTarget) -> Result:
    """## What it does
    Sends `OPTIONS` (and `TRACE` when allowed: always in-process, with
    `--allow-trace` over the network) to the home page and reports TRACE,
    TRACK or CONNECT in `Allow` or a TRACE that is answered with 200; for an
    imported app it also reads every route's methods.

    ## Why is this bad?
    TRACE echoes the request, headers included (cross-site tracing); such
    methods widen the attack surface for no use.

    ## Example
    ```python
    @app.route("/", methods=["GET", "TRACE"])
    ```

    ## Use instead
    ```python
    @app.get("/")
    ```

    ## References
    - CWE-16; OWASP ASVS V14.5.1
    """
    options, trace = target.get(OPTIONS), target.get(TRACE)
    flagged = False
    if options is not None:
        allow = {m.strip().upper() for m in (options.header("Allow") or "").split(",")}
        for method in DANGEROUS_METHODS:
            if method in allow:
                flagged = True
                yield dangerous_method_allowed.finding(
                    f"Allow lists {method}", probe=options.probe()
                )
    if trace is not None and trace.status == 200:
        flagged = True
        yield dangerous_method_allowed.finding("TRACE is answered with 200", probe=trace.probe())
    for route in target.routes:
        for method in set(route.methods) & set(DANGEROUS_METHODS):
            flagged = True
            msg = f"{route.rule} accepts {method}"
            yield dangerous_method_allowed.finding(msg, probe=config_probe(target, "url_map"))
    if not flagged and options is not None:
        yield dangerous_method_allowed.evidence(
            "no TRACE/TRACK/CONNECT allowed", probe=options.probe()
        )


@rule(
    "FB784",
    "live-forged-host-accepted",
    "A request with a forged Host header is answered normally",
    severity=Severity.MEDIUM,
    confidence=Confidence.HIGH,
    cwe=(644,),
    mitigation="M21",
    fix="Set TRUSTED_HOSTS (BASTION_TRUSTED_HOSTS) or reject unknown hosts at the proxy.",
    scope=Scope.LIVE,
)
def forged_host_accepted(target: LiveTarget) -> Result:
    """## What it does
    Requests the home page with `Host: bastion-probe.invalid` and reports a
    response below 400; it says so when the forged name is reflected in the
    body or a `Location`.

    ## Why is this bad?
    An app that trusts any Host builds absolute URLs from it: password-reset
    links and cached pages pointing at the attacker's domain.

    ## Example
    ```python
    app = Flask(__name__)  # TRUSTED_HOSTS unset
    ```

    ## Use instead
    ```python
    app.config["TRUSTED_HOSTS"] = ["example.com"]
    ```

    ## References
    - CWE-644; OWASP ASVS V14.1.1
    """
    exchange = target.get(FORGED_HOST)
    if exchange is None or exchange.status is None:
        return
    if exchange.status >= 400:
        home = target.get(HOME)
        if home is not None and home.status is not None and home.status >= 400:
            return  # the page fails with any Host: the probe tells nothing
        msg = f"a forged Host is refused ({exchange.status})"
        yield forged_host_accepted.evidence(msg, probe=exchange.probe())
        return
    reflected = FORGED_HOST_NAME in exchange.text() or FORGED_HOST_NAME in (
        exchange.header("Location") or ""
    )
    msg = f"a forged Host is answered with {exchange.status}" + (
        " and reflected in the response" if reflected else ""
    )
    severity = Severity.HIGH if reflected else None
    yield forged_host_accepted.finding(msg, probe=exchange.probe(), severity=severity)


@rule(
    "FB785",
    "live-tls-certificate-invalid",
    "The HTTPS certificate is not accepted",
    severity=Severity.HIGH,
    confidence=Confidence.HIGH,
    cwe=(295,),
    mitigation="M02",
    fix="Serve a certificate from a trusted CA (e.g. Let's Encrypt) valid for the host name.",
    scope=Scope.LIVE,
)
def tls_certificate_invalid(target: LiveTarget) -> Result:
    """## What it does
    Connects to an `https://` URL with certificate verification on (the
    system's CAs, or `--ca-file`) and reports a handshake that fails: expired,
    self-signed, wrong host name, or a broken TLS setup.

    ## Why is this bad?
    Users either cannot connect or learn to click through warnings, which is
    exactly what a man-in-the-middle needs.

    ## Example
    ```sh
    gunicorn --certfile self-signed.pem app:app
    ```

    ## Use instead
    ```sh
    # a certificate from a trusted CA, renewed automatically
    ```

    ## References
    - CWE-295; OWASP ASVS V9.1.2
    """
    home = target.exchanges.get(HOME)
    if home is None:
        return
    if home.failure == "tls":
        yield tls_certificate_invalid.finding(home.error, probe=home.probe())
    elif target.app is None and home.answered and home.url.startswith("https://"):
        yield tls_certificate_invalid.evidence(
            "the TLS certificate is accepted", probe=home.probe()
        )


# -- FB98x deployment: exposed files, banners, dev server --------------------------------

_EXPOSED_CONTENT: dict[str, re.Pattern[str]] = {
    ".env": re.compile(r"^\s*[A-Z_][A-Z0-9_]*\s*=", re.MULTILINE),
    ".git/config": re.compile(r"^\s*\[core\]", re.MULTILINE),
    ".git/HEAD": re.compile(r"^ref: refs/|^[0-9a-f]{40}\s*$", re.MULTILINE),
    ".py": re.compile(r"^\s*(import |from \S+ import |def |class |[A-Z_]+\s*=)", re.MULTILINE),
}


def _exposed_pattern(name: str) -> re.Pattern[str]:
    for suffix, pattern in _EXPOSED_CONTENT.items():
        if suffix in name:
            return pattern
    return _EXPOSED_CONTENT[".py"]


@rule(
    "FB981",
    "live-exposed-file",
    "A secret or source file (.env, .git, config.py, backups) is served",
    severity=Severity.HIGH,
    confidence=Confidence.HIGH,
    cwe=(538, 527),
    mitigation="M21",
    fix="Serve only the static folder; keep .env, .git and sources outside the web root.",
    scope=Scope.LIVE,
)
def exposed_file(target: LiveTarget) -> Result:
    """## What it does
    Requests common files that must never be served (`.env`, `.git/config`,
    `.git/HEAD`, `config.py`, `settings.py`, `app.py` and their backups `~`,
    `.bak`) and reports a 200 whose body looks like that file, not an HTML
    catch-all page.

    ## Why is this bad?
    A served `.env` or `config.py` hands out `SECRET_KEY` and database
    passwords; `.git` hands out the whole source history.

    ## Example
    ```nginx
    root /srv/app;   # the project folder is the web root
    ```

    ## Use instead
    ```nginx
    location /static/ { alias /srv/app/static/; }
    ```

    ## References
    - CWE-538, CWE-527
    """
    probed = [(n, e) for n, e in target.answered() if n.startswith(EXPOSED_PREFIX)]
    served = []
    for name, exchange in probed:
        path = name[len(EXPOSED_PREFIX) :]
        if (
            exchange.status == 200
            and not exchange.is_html
            and _exposed_pattern(path).search(exchange.text())
        ):
            served.append(path)
            yield exposed_file.finding(f"/{path} is served", probe=exchange.probe())
    if probed and not served:
        first = probed[0][1]
        msg = f"none of {len(probed)} common secret/source files is served"
        yield exposed_file.evidence(msg, probe=first.probe())


_VERSION = re.compile(r"\d+\.\d+")


@rule(
    "FB982",
    "live-server-banner-version",
    "Server or X-Powered-By headers reveal software versions",
    severity=Severity.LOW,
    confidence=Confidence.HIGH,
    cwe=(497, 200),
    mitigation="M21",
    fix="Hide versions at the proxy (nginx: server_tokens off) and drop X-Powered-By.",
    scope=Scope.LIVE,
)
def server_banner_version(target: LiveTarget) -> Result:
    """## What it does
    Reads `Server` and `X-Powered-By` on the home page and reports values that
    contain a version number (`Werkzeug/3.0.1 Python/3.11.4`).

    ## Why is this bad?
    Versions tell an attacker which known vulnerabilities to try first.

    ## Example
    ```http
    Server: Werkzeug/3.0.1 Python/3.11.4
    ```

    ## Use instead
    ```http
    Server: nginx
    ```

    ## References
    - CWE-497, CWE-200
    """
    home = target.get(HOME)
    if home is None:
        return
    banners = [(h, home.header(h)) for h in ("Server", "X-Powered-By")]
    leaking = [(h, v) for h, v in banners if v and _VERSION.search(v)]
    for header, value in leaking:
        yield server_banner_version.finding(f"{header}: {value}", probe=home.probe())
    if not leaking:
        yield server_banner_version.evidence(
            "no version in Server or X-Powered-By", probe=home.probe()
        )


@rule(
    "FB983",
    "live-development-server",
    "The Werkzeug development server answers",
    severity=Severity.MEDIUM,
    confidence=Confidence.MEDIUM,
    cwe=(16,),
    mitigation="M21",
    fix="Serve with gunicorn (or another production WSGI server) behind a TLS proxy.",
    scope=Scope.LIVE,
)
def development_server(target: LiveTarget) -> Result:
    """## What it does
    Reports a deployment whose `Server` header names Werkzeug, the development
    server behind `app.run` and `flask run`.

    ## Why is this bad?
    The development server is not built for hostile traffic or load: it is
    easy to exhaust, and it is how the debugger usually ends up exposed.

    ## Example
    ```python
    app.run(host="0.0.0.0")
    ```

    ## Use instead
    ```sh
    gunicorn -w 4 'app:create_app()'
    ```

    ## References
    - CWE-16; Flask docs, "Deploying to Production"
    """
    home = target.get(HOME)
    if home is None or target.app is not None:
        return
    server = home.header("Server") or ""
    if server.lower().startswith("werkzeug"):
        yield development_server.finding(f"Server: {server}", probe=home.probe())
    else:
        yield development_server.evidence(
            "not served by the development server", probe=home.probe()
        )
