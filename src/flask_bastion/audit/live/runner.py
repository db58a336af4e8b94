"""Run the live rules on a probed target and collect one :class:`AuditResult`.

A rule that crashes becomes a diagnostic (FB082) and the run goes on; a
target that does not answer at all becomes a diagnostic (FB080) naming the
reason (timeout, refused, reset, unknown host, redirect loop).
"""

from __future__ import annotations

import importlib
import time
from collections.abc import Sequence

from flask import Flask

from ..finding import AuditResult, Diagnostic, Evidence, Finding
from ..registry import REGISTRY, Rule, Scope, select
from .http import probe_url
from .loader import load_app
from .probes import probe_app
from .target import HOME, LiveTarget

RULE_MODULES = (
    "config_checks",
    "cookie_checks",
    "csrf_checks",
    "error_checks",
    "transport_checks",
    "access_checks",
    "deployment_checks",
)
"""One module per rule family, as in ``audit/rules/``."""
UNREACHABLE = "FB080"
RULE_CRASHED = "FB082"
DEFAULT_METHODS = ("GET", "HEAD", "OPTIONS")


def run_app_checks(
    spec: str | Flask,
    *,
    root: str = ".",
    select_rules: Sequence[str] = (),
    ignore_rules: Sequence[str] = (),
) -> AuditResult:
    """Import *spec* (``module:app``, ``module:create_app()``; this runs its code) and probe it."""
    started = time.perf_counter()
    target = app_target(spec, root)
    return _finish(
        check_target(target, select_rules=select_rules, ignore_rules=ignore_rules, root=root),
        started,
    )


def app_target(spec: str | Flask, root: str = ".") -> LiveTarget:
    """Import (unless given an app) and probe in-process; the rules are not run yet."""
    if isinstance(spec, Flask):
        return probe_app(spec, spec.import_name)
    return probe_app(load_app(spec, root), spec)


def run_url_checks(
    url: str,
    *,
    timeout: float = 5.0,
    allow_methods: Sequence[str] = DEFAULT_METHODS,
    ca_file: str | None = None,
    select_rules: Sequence[str] = (),
    ignore_rules: Sequence[str] = (),
) -> AuditResult:
    """Probe a running deployment with GET/HEAD/OPTIONS (plus what *allow_methods* adds)."""
    started = time.perf_counter()
    methods = tuple(m.upper() for m in allow_methods)
    target = probe_url(url, timeout=timeout, allow_methods=methods, ca_file=ca_file)
    result = check_target(target, select_rules=select_rules, ignore_rules=ignore_rules, root=url)
    home = target.exchanges[HOME]
    if not home.answered and home.failure != "tls":
        result.diagnostics.append(Diagnostic(UNREACHABLE, f"{url}: {home.error}", url))
    return _finish(result, started)


def add_live_checks(
    result: AuditResult,
    *,
    app: str | Flask | None = None,
    url: str | None = None,
    root: str = ".",
    timeout: float = 5.0,
    allow_methods: Sequence[str] = DEFAULT_METHODS,
    ca_file: str | None = None,
    select_rules: Sequence[str] = (),
    ignore_rules: Sequence[str] = (),
) -> AuditResult:
    """Merge live checks into a static *result* (``bastion audit PATH --app/--url``).

    Each catalogue entry then carries both kinds of evidence: ``file:line``
    from the static rules and request/response from the live ones.
    """
    selection = {"select_rules": select_rules, "ignore_rules": ignore_rules}
    if app is not None:
        result.extend(run_app_checks(app, root=root, **selection))
    if url is not None:
        live = run_url_checks(
            url, timeout=timeout, allow_methods=allow_methods, ca_file=ca_file, **selection
        )
        result.extend(live)
    return result


def check_target(
    target: LiveTarget,
    *,
    select_rules: Sequence[str] = (),
    ignore_rules: Sequence[str] = (),
    root: str = ".",
) -> AuditResult:
    """Run every selected live rule on *target*."""
    rules = select(live_rules().values(), select_rules, ignore_rules)
    result = AuditResult(root=root)
    for live_rule in sorted(rules, key=lambda r: r.id):
        try:
            produced = list(live_rule.check(target))
        except Exception as exc:  # a rule bug must not hide the other rules' results
            msg = f"rule {live_rule.id} crashed: {type(exc).__name__}: {exc}"
            result.diagnostics.append(Diagnostic(RULE_CRASHED, msg, target.label))
            continue
        for item in produced:
            if isinstance(item, Finding):
                result.findings.append(item)
            elif isinstance(item, Evidence):
                result.evidence.append(item)
    return result


def live_rules() -> dict[str, Rule]:
    """The live rules only: a live check does not depend on the static rule modules."""
    for module in RULE_MODULES:  # importing a module registers its rules
        importlib.import_module(f"{__package__}.{module}")

    return {k: r for k, r in REGISTRY.items() if r.scope is Scope.LIVE}


def _finish(result: AuditResult, started: float) -> AuditResult:
    from importlib.metadata import version

    result.duration_seconds = time.perf_counter() - started
    result.tool_version = version("flask-bastion")
    return result
