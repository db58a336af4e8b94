"""Command line: argument parsing and exit codes only.

``bastion`` is the console script; ``flask bastion`` is the same set of
commands inside a Flask project (through the ``flask.commands`` entry
point), where the app is already loaded. Exit codes: 0 nothing at or above
the threshold, 1 findings, 2 usage or internal error.
"""

from __future__ import annotations

import secrets
import sys

import click
from flask.cli import AppGroup

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


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
