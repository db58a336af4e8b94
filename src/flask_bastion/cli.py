"""Command line: argument parsing and exit codes only.

``bastion`` is the console script; ``flask bastion`` is the same set of
commands inside a Flask project (through the ``flask.commands`` entry
point), where the app is already loaded. Exit codes: 0 nothing at or above
the threshold, 1 findings, 2 usage or internal error.
"""

from __future__ import annotations

import secrets
import sys
from typing import TYPE_CHECKING

import click
from flask.cli import AppGroup

if TYPE_CHECKING:
    from .routes import RouteInfo

EXIT_CLEAN = 0
EXIT_FINDINGS = 1
EXIT_ERROR = 2


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="flask-bastion", prog_name="bastion")
def main() -> None:
    """Flask-Bastion: secure-by-default Flask, and the proof of it."""


flask_group = AppGroup("bastion", help="Flask-Bastion commands for this app.")


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
flask_group.add_command(keygen)


def _sensitivity_label(route: RouteInfo) -> str:
    if route.exposed:
        return "[bold red]SENSITIVE, NO AUTH[/]"
    return "[yellow]sensitive, public[/]" if route.sensitive else ""


@flask_group.command("routes")
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


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
