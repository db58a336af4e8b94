"""Entry point for gunicorn: ``gunicorn --chdir examples/vault wsgi:app``."""

from vault import create_app

app = create_app()
