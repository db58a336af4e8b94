"""Command line: argument parsing and exit codes only.

``bastion`` is the console script; ``flask bastion`` is the same set of
commands inside a Flask project (through the ``flask.commands`` entry
point), where the app is already loaded. Exit codes: 0 nothing at or above
the threshold, 1 findings, 2 usage or internal error.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import secrets
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:
    from flask.cli import AppGroup

    from .routes import RouteInfo

    flask_group: AppGroup

EXIT_CLEAN = 0
EXIT_FINDINGS = 1
EXIT_ERROR = 2


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="flask-bastion", prog_name="bastion")
def main() -> None:
    """Flask-Bastion: secure-by-default Flask, and the proof of it."""


def __getattr__(name: str) -> Any:
    """``flask_group`` (the ``flask bastion`` commands) is built on first use.

    It needs Flask's ``AppGroup``, and importing Flask was a third of
    ``bastion audit``'s start-up; ``flask`` finds the group through the
    ``flask.commands`` entry point, which reads this attribute.
    """
    if name != "flask_group":
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from flask.cli import AppGroup

    group = AppGroup("bastion", help="Flask-Bastion commands for this app.")
    group.add_command(keygen)
    group.add_command(audit_command)
    group.command("routes")(routes_command)
    group.command("check")(flask_check)
    globals()["flask_group"] = group
    return group


def run() -> None:
    """The ``bastion`` console script: :func:`main`, then leave without tearing down the heap.

    An audit keeps every parsed tree alive to the end; freeing those millions
    of ``ast`` nodes one by one at interpreter exit took 0.75 s of a 3 s
    ``bastion audit`` on the benchmark tree. The report is written by then, so
    (as mypy's console script does) this flushes the streams, runs the
    ``atexit`` handlers and exits with ``os._exit``. Tests and embedders call
    :func:`main`, which exits normally.
    """
    try:
        main()
        code: int = EXIT_CLEAN
    except SystemExit as exc:
        code = _exit_code(exc)
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):  # a closed pipe (`| head`)
            stream.flush()
    os._exit(code)


def _exit_code(exc: SystemExit) -> int:
    if exc.code is None or isinstance(exc.code, int):
        return exc.code or EXIT_CLEAN
    print(exc.code, file=sys.stderr)  # sys.exit("message") prints it and exits 1
    return EXIT_FINDINGS


@click.command("keygen")
@click.option(
    "--bytes",
    "nbytes",
    default=48,
    show_default=True,
    type=click.IntRange(32, 512),
    help="Key length in random bytes (at least 32).",
)
def keygen(nbytes: int) -> None:
    """Print a new random SECRET_KEY (for the environment or a secret file)."""
    click.echo(secrets.token_urlsafe(nbytes))


main.add_command(keygen)

# The static audit needs no app: `bastion audit PATH` and `flask bastion audit`.
from .audit.command import audit_command, rules_command  # noqa: E402

main.add_command(audit_command)
main.add_command(rules_command)


def _sensitivity_label(route: RouteInfo) -> str:
    if route.exposed:
        return "[bold red]SENSITIVE, NO AUTH[/]"
    return "[yellow]sensitive, public[/]" if route.sensitive else ""


# routes_command and flask_check become commands of flask_group (AppGroup.command
# runs them inside the app context) when the group is built.
@click.option(
    "--fail-on-sensitive",
    is_flag=True,
    help="Exit 1 when a sensitive-looking route (admin, debug, ...) has no auth check.",
)
def routes_command(fail_on_sensitive: bool) -> None:
    """List every route: methods, auth, CSRF, rate limit; flag sensitive open ones."""
    from flask import current_app
    from rich.console import Console
    from rich.table import Table

    from .routes import route_inventory

    inventory = route_inventory(current_app)
    table = Table("Rule", "Methods", "Endpoint", "Auth", "CSRF", "Rate limit", "")
    for route in inventory:
        table.add_row(
            route.rule,
            ",".join(route.methods),
            route.endpoint,
            route.auth.value,
            route.csrf.value,
            route.rate_limit or "-",
            _sensitivity_label(route),
        )
    Console(width=max(160, Console().width)).print(table)
    flagged = sum(route.exposed for route in inventory)
    if flagged:
        click.echo(
            f"{flagged} sensitive-looking route(s) have no auth check: require login, "
            "or mark them @public if they are meant to be open."
        )
    if flagged and fail_on_sensitive:
        sys.exit(EXIT_FINDINGS)


# -- live checks: bastion check --app / --url, flask bastion check ----------------------


def _live_options(command: Callable[..., None]) -> Callable[..., None]:
    """Options shared by ``bastion check`` and ``flask bastion check``."""
    options = [
        click.option(
            "--format",
            "fmt",
            default="text",
            show_default=True,
            type=click.Choice(("text", "json", "sarif", "html", "markdown")),
        ),
        click.option(
            "-o", "--output", type=click.Path(dir_okay=False), help="Write the report here."
        ),
        click.option(
            "--fail-on",
            default="low",
            show_default=True,
            type=click.Choice(("low", "medium", "high", "critical"), case_sensitive=False),
            help="Exit 1 when a finding is at least this severe.",
        ),
        click.option("--select", multiple=True, help="Only these rule ids, prefixes or names."),
        click.option("--ignore", multiple=True, help="Skip these rule ids, prefixes or names."),
        click.option(
            "--routes",
            "show_routes",
            is_flag=True,
            help="Also print the URL map as probed (app only).",
        ),
    ]
    for option in reversed(options):
        command = option(command)
    return command


@main.command("check")
@click.option("--app", "app_spec", help="module:app or module:create_app(); imports (runs) it.")
@click.option("--url", help="A running deployment, probed with GET/HEAD/OPTIONS only.")
@click.option(
    "--root",
    default=".",
    show_default=True,
    type=click.Path(file_okay=False),
    help="Folder the app is imported from.",
)
@click.option("--timeout", default=5.0, show_default=True, type=float, help="Seconds per request.")
@click.option("--allow-trace", is_flag=True, help="Also send TRACE (off by default).")
@click.option(
    "--ca-file",
    type=click.Path(dir_okay=False, exists=True),
    help="CA bundle to verify the URL's certificate with.",
)
@_live_options
def check(
    app_spec: str | None,
    url: str | None,
    root: str,
    timeout: float,
    allow_trace: bool,
    ca_file: str | None,
    **report: Any,
) -> None:
    """Live checks of an imported app (--app) or a running deployment (--url)."""
    from .audit.live import AppLoadError, runner

    if bool(app_spec) == bool(url) and not (app_spec is None and url is None and _flask_app_env()):
        raise click.UsageError("give exactly one of --app or --url (or set FLASK_APP)")
    selection = _selection(report)
    try:
        if url:
            methods = (*runner.DEFAULT_METHODS, "TRACE") if allow_trace else runner.DEFAULT_METHODS
            result = runner.run_url_checks(
                url, timeout=timeout, allow_methods=methods, ca_file=ca_file, **selection
            )
            target = None
        else:
            click.echo(
                f"bastion: importing {app_spec or 'FLASK_APP'}: this runs the project's code",
                err=True,
            )
            target = runner.app_target(app_spec or "", root)
            result = runner.check_target(target, root=root, **selection)
    except (AppLoadError, ValueError) as exc:
        click.echo(f"bastion check: {exc}", err=True)
        sys.exit(EXIT_ERROR)
    sys.exit(_emit_live(result, target, **report))


@_live_options
def flask_check(**report: Any) -> None:
    """Live checks of this app (already loaded by `flask`): config, URL map, probes."""
    from flask import current_app

    from .audit.live import runner

    target = runner.app_target(current_app._get_current_object())  # type: ignore[attr-defined]
    result = runner.check_target(target, **_selection(report))
    sys.exit(_emit_live(result, target, **report))


def _flask_app_env() -> bool:
    import os

    return bool(os.environ.get("FLASK_APP"))


def _split(values: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(t.strip() for v in values for t in v.split(",") if t.strip())


def _selection(report: dict[str, Any]) -> dict[str, Any]:
    return {
        "select_rules": _split(report.pop("select")),
        "ignore_rules": _split(report.pop("ignore")),
    }


def _emit_live(
    result: Any, target: Any, fmt: str, output: str | None, fail_on: str, show_routes: bool
) -> int:
    from .audit.finding import Severity, worst
    from .audit.live.routes import routes_table
    from .audit.live.runner import live_rules
    from .audit.report import render

    if show_routes and target is not None:
        extensions = ", ".join(target.extensions) or "none"
        table = f"Extensions: {extensions}\n{routes_table(target.routes)}"
        click.echo(table, err=output is None and fmt != "text")
    color = output is None and fmt == "text" and sys.stdout.isatty()
    text = render(result, fmt, color=color, rules=live_rules())
    if output:
        with open(output, "w", encoding="utf-8") as handle:
            handle.write(text)
    else:
        click.echo(text)
    if any(d.code == "FB080" for d in result.diagnostics):
        return EXIT_ERROR
    top = worst(result.findings)
    return EXIT_FINDINGS if top is not None and top >= Severity.parse(fail_on) else EXIT_CLEAN


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
