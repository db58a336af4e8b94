"""FB9xx: production serving (M21) and dependencies with known advisories (M18)."""

from __future__ import annotations

import ast
import re
import sys
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import Any

from ..engine import ConfigContext, ModuleContext
from ..finding import Confidence, Evidence, Finding, Location, Severity
from ..model import literal
from ..project import ConfigFile
from ..registry import Scope, rule
from ._common import in_main_guard, is_app_object, is_test_path, keyword, value_or_default

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

FRAMEWORK = frozenset({"flask", "werkzeug", "jinja2", "itsdangerous"})
_WSGI_SERVER = re.compile(r"\b(gunicorn|uwsgi|waitress|mod_wsgi|hypercorn|uvicorn)\b", re.I)
PRODUCTION_ENTRY_POINTS = ("wsgi.py", "asgi.py", "gunicorn.conf.py", "passenger_wsgi.py")
ALL_INTERFACES = ("0.0.0.0", "::", "[::]")  # noqa: S104 - the values being looked for
_PIN = re.compile(
    r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]*\])?\s*===?\s*([0-9][0-9A-Za-z.+!-]*)"
)
_POETRY_PIN = re.compile(
    r"""^\s*["']?([A-Za-z0-9][A-Za-z0-9._-]*)["']?\s*=\s*["']==?([0-9][\w.]*)["']"""
)


@dataclass(frozen=True)
class Advisory:
    package: str
    id: str
    ghsa: str | None
    fixed: tuple[int, ...]
    introduced: tuple[int, ...]
    summary: str

    def affects(self, version: tuple[int, ...]) -> bool:
        return self.introduced <= version < self.fixed


def _version(text: str) -> tuple[int, ...]:
    out = []
    for part in text.split("."):
        digits = re.match(r"\d+", part)
        if digits is None:
            break
        out.append(int(digits.group(0)))
    return tuple(out)


@cache
def advisories() -> tuple[Advisory, ...]:
    """The embedded advisory table (``audit/data/advisories.toml``); works offline."""
    text = files("flask_bastion.audit").joinpath("data/advisories.toml").read_text("utf-8")
    return tuple(
        Advisory(
            a["package"],
            a["id"],
            a.get("ghsa"),
            _version(a["fixed"]),
            _version(a.get("introduced", "0")),
            a["summary"],
        )
        for a in tomllib.loads(text)["advisory"]
    )


def _normalize(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _dev_server_call(ctx: ModuleContext, call: ast.Call) -> bool:
    func = call.func
    if not isinstance(func, ast.Attribute) or func.attr != "run":
        return False
    return is_app_object(ctx, func.value)


@rule(
    "FB900",
    "dev-server-in-production-entry-point",
    "The development server runs from a production entry point",
    severity=Severity.HIGH,
    confidence=Confidence.MEDIUM,
    cwe=[16, 489],
    mitigation="M21",
    fix="Serve with gunicorn (`gunicorn wsgi:app`); keep app.run() under a __main__ guard.",
    scope=Scope.MODULE,
)
def dev_server_in_production(ctx: ModuleContext) -> Iterator[Finding]:
    """## What it does
    Finds ``app.run()`` in ``wsgi.py``/``asgi.py``-style entry points, and
    ``app.run()`` at module level without an ``if __name__ == "__main__"``
    guard (it then starts whenever the module is imported, gunicorn
    included).

    ## Why is this bad?
    Werkzeug's development server is single-purpose and unhardened; it is
    not meant to face the internet and pairs badly with proxies.

    ## Example
    ```python
    # wsgi.py
    app = create_app()
    app.run(host="0.0.0.0")
    ```

    ## Use instead
    ```python
    # wsgi.py
    app = create_app()   # gunicorn wsgi:app
    ```

    ## References
    - CWE-16: Configuration
    - https://flask.palletsprojects.com/en/stable/deploying/
    """
    if is_test_path(ctx.file.path):
        return
    entry = ctx.file.path.rsplit("/", 1)[-1] in PRODUCTION_ENTRY_POINTS
    for call in ctx.nodes(ast.Call):
        if not _dev_server_call(ctx, call):
            continue
        guarded = in_main_guard(ctx, call)
        in_function = ctx.enclosing_function(call) is not None
        if entry or (not guarded and not in_function):
            why = "a production entry point" if entry else "module level (runs on import)"
            yield dev_server_in_production.finding(
                f"app.run() starts the development server from {why}", ctx.location(call)
            )


@rule(
    "FB901",
    "dev-server-bound-to-all-interfaces",
    "The development server listens on every network interface",
    severity=Severity.MEDIUM,
    confidence=Confidence.HIGH,
    cwe=[1327, 605],
    mitigation="M21",
    fix="Bind the dev server to 127.0.0.1; expose only a real WSGI server behind a proxy.",
    scope=Scope.MODULE,
)
def dev_server_all_interfaces(ctx: ModuleContext) -> Iterator[Finding]:
    """## What it does
    Finds ``app.run(host="0.0.0.0")`` (or ``"::"``).

    ## Why is this bad?
    Everyone on the network (or the internet, on a cloud VM) reaches the
    development server, and the debugger if debug is on.

    ## Example
    ```python
    app.run(host="0.0.0.0", port=5000)
    ```

    ## Use instead
    ```python
    app.run()   # 127.0.0.1
    ```

    ## References
    - CWE-1327: Binding to an Unrestricted IP Address
    """
    if is_test_path(ctx.file.path):
        return
    for call in ctx.nodes(ast.Call):
        func = call.func
        if ctx.call_name(call).endswith("run_simple"):
            host = keyword(call, "hostname") or (call.args[0] if call.args else None)
            if host is not None and literal(host) in ALL_INTERFACES:
                yield dev_server_all_interfaces.finding(
                    f"run_simple({literal(host)!r}, ...) exposes the development server",
                    ctx.location(call),
                )
            continue
        if not isinstance(func, ast.Attribute) or func.attr != "run":
            continue
        if not (is_app_object(ctx, func.value) or (call.args and is_app_object(ctx, call.args[0]))):
            continue
        host = keyword(call, "host")
        if host is None and call.args and is_app_object(ctx, func.value):
            host = call.args[0]
        bound = value_or_default(host) if host is not None else None
        if bound in ALL_INTERFACES:
            yield dev_server_all_interfaces.finding(
                f"app.run(host={bound!r}) exposes the development server",
                ctx.location(call),
            )


def pins(config: ConfigFile) -> Iterator[tuple[str, str, int]]:
    """``(package, version, line)`` for exact pins in requirements, pyproject and lock files."""
    if config.kind == "lock" and isinstance(config.data, dict):
        yield from _lock_pins(config)
        return
    lines = config.source.splitlines()
    for number, line in enumerate(lines, 1):
        text = line.split("#", 1)[0]
        match = _PIN.match(text.strip().strip("\",'")) or _POETRY_PIN.match(text)
        if match:
            yield _normalize(match.group(1)), match.group(2), number


def _lock_pins(config: ConfigFile) -> Iterator[tuple[str, str, int]]:
    data: Mapping[str, Any] = config.data
    packages = data.get("package") or []
    if isinstance(packages, list):  # poetry.lock, uv.lock
        for pkg in packages:
            if isinstance(pkg, dict) and "name" in pkg and "version" in pkg:
                yield _normalize(pkg["name"]), str(pkg["version"]), _line_of(config, pkg["name"])
    for section in ("default", "develop"):  # Pipfile.lock
        for name, meta in (data.get(section) or {}).items():
            version = str(meta.get("version", "")).lstrip("=") if isinstance(meta, dict) else ""
            if version:
                yield _normalize(name), version, _line_of(config, name)


def _line_of(config: ConfigFile, name: str) -> int:
    needle = f'"{name}"'
    for number, line in enumerate(config.source.splitlines(), 1):
        if needle in line or f"name = {needle}" in line:
            return number
    return 1


@rule(
    "FB902",
    "dependency-with-known-advisory",
    "A pinned dependency has a known security advisory",
    severity=Severity.HIGH,
    confidence=Confidence.HIGH,
    cwe=[1104, 1395],
    mitigation="M18",
    fix="Upgrade to the fixed version (Flask >= 3.1.3, Werkzeug >= 3.1.6, Jinja2 >= 3.1.6).",
    scope=Scope.CONFIG,
)
def dependency_with_known_advisory(ctx: ConfigContext) -> Iterator[Finding | Evidence]:
    """## What it does
    Reads exact pins (``Flask==2.2.2``) in requirements files,
    ``pyproject.toml``, ``poetry.lock``, ``uv.lock`` and ``Pipfile.lock``
    and compares them with an embedded table of advisories for Flask,
    Werkzeug, Jinja2 and common extensions (works offline;
    ``--pip-audit`` adds pip-audit's database).

    ## Why is this bad?
    Known framework vulnerabilities are the cheapest attacks: the exploit
    is public and scanners look for the version.

    ## Example
    ```
    Werkzeug==2.2.2
    ```

    ## Use instead
    ```
    Werkzeug==3.1.6
    ```

    ## References
    - CWE-1104: Use of Unmaintained Third Party Components
    - CWE-1395: Dependency on Vulnerable Third-Party Component
    """
    config = ctx.config
    server = _WSGI_SERVER.search(config.source)
    if server and config.kind in ("requirements", "procfile", "dockerfile", "lock", "toml", "yaml"):
        line = config.source.count("\n", 0, server.start()) + 1
        yield Evidence("M21", f"served by {server.group(1)}", Location(config.path, line))
    if config.kind not in ("requirements", "lock", "toml"):
        return
    table = advisories()
    for package, version_text, line in pins(config):
        version = _version(version_text)
        hits = [a for a in table if a.package == package and a.affects(version)]
        if not hits:
            if package in FRAMEWORK:
                yield dependency_with_known_advisory.evidence(
                    f"{package} {version_text} has no known advisory", Location(config.path, line)
                )
            continue
        ids = ", ".join(sorted({a.id for a in hits}))
        fixed = ".".join(map(str, max(a.fixed for a in hits)))
        yield dependency_with_known_advisory.finding(
            f"{package} {version_text} is affected by {ids}; fixed in {fixed}",
            Location(config.path, line),
        )


def pip_audit_findings(config: ConfigFile, report: Mapping[str, Any]) -> Iterator[Finding]:
    """Findings from a ``pip-audit -f json`` report of one requirements file."""
    deps = report.get("dependencies", []) if isinstance(report, Mapping) else []
    lines = {name: line for name, _, line in pins(config)}
    for dep in deps:
        vulns = dep.get("vulns") or []
        if not vulns:
            continue
        name = _normalize(str(dep.get("name", "")))
        ids = ", ".join(sorted(str(v.get("id")) for v in vulns))
        yield dependency_with_known_advisory.finding(
            f"{name} {dep.get('version')} is affected by {ids} (pip-audit)",
            Location(config.path, lines.get(name, 1)),
        )
