"""Live rules FB780-FB785: security headers, HSTS, HTTPS redirect, methods, Host, TLS."""

from __future__ import annotations

import re

from ..finding import Confidence, Severity
from ..registry import Scope, rule
from ._common import Result, config_probe
from .target import (
    FORGED_HOST,
    FORGED_HOST_NAME,
    HOME,
    NOT_FOUND,
    OPTIONS,
    PLAIN_HTTP,
    TRACE,
    Exchange,
    LiveTarget,
)

MIN_HSTS_SECONDS = 15_552_000  # 180 days
REDIRECTS = (301, 302, 307, 308)
DANGEROUS_METHODS = ("TRACE", "TRACK", "CONNECT")


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
