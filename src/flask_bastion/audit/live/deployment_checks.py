"""Live rules FB980-FB983: installed versions, exposed files, banners, the development server."""

from __future__ import annotations

import itertools
import re
from typing import Any

from ...mitigations.dependencies import FLOOR, below_floor
from ..finding import Confidence, Probe, Severity
from ..registry import Scope, rule
from ._common import Result, app_of
from .target import (
    EXPOSED_PREFIX,
    HOME,
    LiveTarget,
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
    if app_of(target) is None:
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
