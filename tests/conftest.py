"""Fixtures every test area may use. Keep this file small."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from flask_bastion import Bastion

AppFactory = Callable[..., Flask]


@pytest.fixture
def app_factory(tmp_path: Path) -> AppFactory:
    """Build a fresh Flask app, guarded unless ``guard=False``.

    ``BASTION_PROFILE`` is ``"testing"`` and ``SECRET_KEY`` a strong random
    key unless overridden: ``app_factory(BASTION_PROFILE="production")``.
    Pass ``guard=False`` to register routes or handlers before
    ``Bastion(app)``; ``template_folder`` is forwarded to ``Flask``. The
    instance folder (SQLite stores, uploads) is a fresh temporary directory.
    """

    def build(*, guard: bool = True, template_folder: str | None = None, **config: Any) -> Flask:
        app = Flask(
            "bastion_test_app",
            template_folder=template_folder or "templates",
            instance_path=str(tmp_path / "instance"),
        )
        app.config.update(BASTION_PROFILE="testing", SECRET_KEY=secrets.token_urlsafe(32))
        app.config.update(config)
        if guard:
            Bastion(app)
        return app

    return build
