"""``bastion audit`` and ``bastion rules``: argument parsing and exit codes only.

The analysis is :func:`.engine.run_audit`; rendering is :mod:`.report`. This
module turns flags into :class:`~.engine.AuditOptions`, writes the report
where asked and maps the outcome to an exit code: 0 nothing at or above the
threshold, 1 findings, 2 usage or internal error.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click

from .engine import AuditOptions, collector_paused, run_audit
from .finding import AuditResult, Confidence, Severity
from .registry import load_rules

EXIT_CLEAN = 0
EXIT_FINDINGS = 1
EXIT_ERROR = 2
PROGRESS_MIN_FILES = 300
"""Below this many files a run is too short for a progress bar to help."""
LEVELS = ["low", "medium", "high", "critical"]


def _split(values: Sequence[str]) -> tuple[str, ...]:
    """``--select FB1,FB203 --select csrf-exempt-route`` -> one flat tuple."""
    return tuple(v.strip() for value in values for v in value.split(",") if v.strip())


def _formats() -> tuple[str, ...]:
    try:
        from .report import FORMATS

        return tuple(FORMATS)
    except ImportError:  # pragma: no cover - reporters not installed yet
        return ("text", "json")


def render(result: AuditResult, fmt: str, color: bool, live: bool = False) -> str:
    """The report text; a plain fallback keeps the command usable without reporters."""
    try:
        from .report import render as report_render
    except ImportError:  # pragma: no cover
        return "\n".join(f"{f.location}: {f.rule_id} {f.message}" for f in result.findings)
    # a static report names static rules only: no need to import the live checks
    return report_render(result, fmt, color=color, rules=load_rules(live=live))


@contextmanager
def _progress(enabled: bool) -> Iterator[Callable[[int, int], None] | None]:
    """A rich progress bar on stderr, only on a terminal and for long runs."""
    if not enabled or not sys.stderr.isatty():
        yield None
        return
    from rich.console import Console
    from rich.progress import Progress

    with Progress(console=Console(stderr=True), transient=True) as progress:
        task = progress.add_task("auditing", total=None)

        def update(done: int, total: int) -> None:
            if total >= PROGRESS_MIN_FILES:
                progress.update(task, completed=done, total=total)

        yield update


@click.command("audit")
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=str))
@click.option("--select", multiple=True, help="Rule ids, id prefixes (FB3) or names to run.")
@click.option("--ignore", multiple=True, help="Rule ids, id prefixes or names to skip.")
@click.option(
    "--severity",
    type=click.Choice(LEVELS, case_sensitive=False),
    default=None,
    help="Report (and fail on) findings at or above this severity.  [default: low]",
)
@click.option(
    "--confidence",
    type=click.Choice(LEVELS[:3], case_sensitive=False),
    default=None,
    help="Report findings at or above this confidence.  [default: low]",
)
@click.option(
    "--format",
    "fmt",
    default="text",
    show_default=True,
    help="text, json, sarif, html or markdown.",
)
@click.option(
    "--output", "-o", type=click.Path(dir_okay=False, writable=True), help="Write the report here."
)
@click.option("--exclude", multiple=True, help="Glob of paths to skip (repeatable).")
@click.option(
    "--jobs", "-j", type=click.IntRange(0, 64), default=0, help="Worker processes (0 = auto)."
)
@click.option("--include-tests", is_flag=True, help="Also audit test suites (left out by default).")
@click.option("--no-cache", is_flag=True, help="Do not read or write the result cache.")
@click.option("--cache-dir", type=click.Path(file_okay=False), help="Where the cache lives.")
@click.option(
    "--baseline", type=click.Path(dir_okay=False), help="Drop findings listed in this baseline."
)
@click.option(
    "--write-baseline",
    type=click.Path(dir_okay=False),
    help="Write current findings as a baseline.",
)
@click.option(
    "--pip-audit", "pip_audit", is_flag=True, help="Also run pip-audit on requirements files."
)
@click.option(
    "--color/--no-color", default=None, help="Colour the text report (default: on a TTY)."
)
@click.option("--app", "live_app", help="Also import and probe module:app (runs its code).")
@click.option("--url", "live_url", help="Also probe this running deployment (GET/HEAD/OPTIONS).")
def audit_command(paths: tuple[str, ...], fmt: str, **opts: Any) -> None:
    """Audit Flask code statically: Python, Jinja templates and config files.

    Never imports or runs the scanned code. Exit codes: 0 nothing at or above
    the threshold, 1 findings, 2 usage or internal error.
    """
    if fmt not in _formats():
        raise click.BadParameter(f"choose one of {', '.join(_formats())}", param_hint="--format")
    try:
        code = _audit(paths or (".",), fmt, **opts)
    except click.ClickException:
        raise
    except Exception as exc:  # an internal error is exit 2 with a message
        click.echo(f"bastion audit: internal error: {type(exc).__name__}: {exc}", err=True)
        sys.exit(EXIT_ERROR)
    sys.exit(code)


def _audit(paths: Sequence[str], fmt: str, **opts: Any) -> int:
    with collector_paused():  # the report too: see collector_paused
        return _audit_and_report(paths, fmt, **opts)


def _audit_and_report(paths: Sequence[str], fmt: str, **opts: Any) -> int:
    with _progress(fmt == "text" and opts["output"] is None) as on_progress:
        options = AuditOptions(
            select=_split(opts["select"]),
            ignore=_split(opts["ignore"]),
            severity=Severity.parse(opts["severity"]) if opts["severity"] else Severity.LOW,
            confidence=Confidence.parse(opts["confidence"])
            if opts["confidence"]
            else Confidence.LOW,
            exclude=_split(opts["exclude"]),
            jobs=opts["jobs"],
            cache=not opts["no_cache"],
            cache_dir=opts["cache_dir"],
            baseline=opts["baseline"],
            progress=on_progress is not None,
            pip_audit=opts["pip_audit"],
            include_tests=opts["include_tests"],
            on_progress=on_progress,
        )
        result = run_audit(list(paths), options)
    live = bool(opts["live_app"] or opts["live_url"])
    if live:
        _add_live(result, options, opts["live_app"], opts["live_url"], root=paths[0])
    if opts["write_baseline"]:
        from .control import write_baseline

        count = write_baseline(opts["write_baseline"], result.findings)
        click.echo(f"wrote {count} fingerprints to {opts['write_baseline']}", err=True)
    color = (
        opts["color"]
        if opts["color"] is not None
        else (opts["output"] is None and sys.stdout.isatty())
    )
    report = render(result, fmt, color=bool(color) and fmt == "text", live=live)
    if opts["output"]:
        Path(opts["output"]).write_text(report, encoding="utf-8")
    else:
        click.echo(report, nl=not report.endswith("\n"))
    if any(d.code == "FB080" for d in result.diagnostics):  # the --url did not answer
        return EXIT_ERROR
    return EXIT_FINDINGS if result.findings and not opts["write_baseline"] else EXIT_CLEAN


def _add_live(
    result: AuditResult, options: AuditOptions, app: str | None, url: str | None, root: str
) -> None:
    """``--app``/``--url``: merge the live checks, filtered by the same thresholds."""
    from .live import AppLoadError, add_live_checks

    if app:
        click.echo(f"bastion audit: importing {app}: this runs the project's code", err=True)
    live = AuditResult(root=result.root)
    try:
        add_live_checks(
            live,
            app=app,
            url=url,
            root=root if Path(root).is_dir() else str(Path(root).parent),
            select_rules=options.select,
            ignore_rules=options.ignore,
        )
    except (AppLoadError, ValueError) as exc:
        raise click.UsageError(str(exc)) from None
    live.findings = [
        f
        for f in live.findings
        if f.severity >= options.severity and f.confidence >= options.confidence
    ]
    result.extend(live)


@click.command("rules")
@click.argument("rule_ids", nargs=-1)
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
def rules_command(rule_ids: tuple[str, ...], fmt: str) -> None:
    """List the audit rules, or show the documentation of the ones named."""
    from .registry import select

    chosen = sorted(select(load_rules().values(), rule_ids), key=lambda r: r.id)
    if rule_ids and not chosen:
        raise click.BadParameter(f"no rule matches {', '.join(rule_ids)}", param_hint="RULE_IDS")
    if fmt == "json":
        rows = [
            {
                "id": r.id,
                "name": r.name,
                "title": r.title,
                "severity": r.severity.name.lower(),
                "confidence": r.confidence.name.lower(),
                "cwe": list(r.cwe),
                "mitigation": r.mitigation,
                "scope": r.scope.value,
                "fix": r.fix,
            }
            for r in chosen
        ]
        click.echo(json.dumps(rows, indent=2))
        return
    for r in chosen:
        if rule_ids:
            click.echo(f"{r.id} {r.name} ({r.mitigation}, {r.severity.name.lower()})\n{r.title}\n")
            for section, body in r.doc.items():
                click.echo(f"## {section}\n{body}\n")
        else:
            click.echo(f"{r.id}  {r.severity.name.lower():8}  {r.mitigation}  {r.name}: {r.title}")
