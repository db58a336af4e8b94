"""Configuration: everything secret comes from the environment or secret files.

Nothing here is a secret. ``SECRET_KEY`` is loaded by Flask-Bastion from the
``SECRET_KEY`` environment variable or the file named by ``SECRET_KEY_FILE``
(Docker/Kubernetes secrets); the production profile refuses to start
without a strong one.
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path


def _database_url(instance_path: str) -> str:
    """PostgreSQL when ``DATABASE_URL`` says so; embedded SQLite otherwise."""
    url = os.environ.get("DATABASE_URL")
    if not url:
        return "sqlite:///" + str(Path(instance_path) / "vault.sqlite3")
    # Heroku-style URLs name the driver "postgres"; SQLAlchemy wants psycopg.
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def _csv(name: str) -> tuple[str, ...]:
    return tuple(v.strip() for v in os.environ.get(name, "").split(",") if v.strip())


def load(instance_path: str) -> dict[str, object]:
    """The app's settings, read once at start-up."""
    settings: dict[str, object] = {
        "SQLALCHEMY_DATABASE_URI": _database_url(instance_path),
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        "BASTION_PROFILE": os.environ.get("BASTION_PROFILE", "production"),
        "BASTION_TRUSTED_PROXIES": int(os.environ.get("BASTION_TRUSTED_PROXIES", "0")),
        "PERMANENT_SESSION_LIFETIME": timedelta(hours=8),
        "BASTION_SESSION_IDLE_TIMEOUT": 30 * 60,
        "BASTION_SESSION_ABSOLUTE_TIMEOUT": 8 * 3600,
        "MAX_CONTENT_LENGTH": 8 * 1024 * 1024,
        "UPLOAD_MAX_BYTES": 5 * 1024 * 1024,
    }
    session_url = os.environ.get("BASTION_SESSION_URL")
    if session_url:
        settings["BASTION_SESSION_URL"] = session_url
    ratelimit_url = os.environ.get("BASTION_RATELIMIT_STORAGE_URL")
    if ratelimit_url:
        settings["BASTION_RATELIMIT_STORAGE_URL"] = ratelimit_url
    hosts = _csv("BASTION_TRUSTED_HOSTS")
    if hosts:
        settings["BASTION_TRUSTED_HOSTS"] = list(hosts)
    upload_folder = os.environ.get("VAULT_UPLOAD_FOLDER")
    if upload_folder:
        settings["BASTION_UPLOAD_FOLDER"] = upload_folder
    return settings
