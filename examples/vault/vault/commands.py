"""``flask --app vault init-db`` and ``flask --app vault seed-demo``."""

from __future__ import annotations

import click
from flask import Flask

from .models import User, db


def register(app: Flask) -> None:
    app.cli.add_command(init_db)
    app.cli.add_command(seed_demo)


@click.command("init-db")
def init_db() -> None:
    """Create the tables (idempotent)."""
    db.create_all()
    click.echo("database ready")


@click.command("seed-demo")
@click.option("--email", default="demo@vault.example", show_default=True)
@click.option(
    "--password",
    envvar="VAULT_DEMO_PASSWORD",
    required=True,
    help="The demo account's password (or VAULT_DEMO_PASSWORD).",
)
@click.option("--admin", is_flag=True, help="Give the account the admin role.")
def seed_demo(email: str, password: str, admin: bool) -> None:
    """Create the demo account — for the demo only, never in production."""
    from .auth import hasher

    db.create_all()
    user = db.session.execute(db.select(User).filter_by(email=email)).scalar_one_or_none()
    if user is None:
        db.session.add(User(email=email, password_hash=hasher.hash(password), is_admin=admin))
    else:
        user.password_hash = hasher.hash(password)
        user.is_admin = admin
    db.session.commit()
    click.echo(f"demo account ready: {email}")
