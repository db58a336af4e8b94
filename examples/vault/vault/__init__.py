"""Vault: the Flask-Bastion reference application.

A small real app — accounts, notes, file uploads, an admin area — written the
way the mitigation plan says, guarded by ``Bastion``. ``create_app()`` is the
factory; ``wsgi.py`` exposes it to gunicorn.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

from flask import Flask, redirect, url_for
from flask.typing import ResponseReturnValue
from flask_login import LoginManager, current_user

from flask_bastion import Bastion

from . import admin, auth, commands, config, files, notes
from .models import User, db

bastion = Bastion()
login_manager = LoginManager()
login_manager.login_view = "auth.login"
login_manager.session_protection = "strong"


@login_manager.user_loader
def _load_user(user_id: str) -> User | None:
    user = db.session.get(User, int(user_id)) if user_id.isdigit() else None
    return user if user is not None and user.is_active else None


def create_app(overrides: Mapping[str, Any] | None = None) -> Flask:
    """Build the app; *overrides* (tests, the demo) win over the environment."""
    app = Flask(__name__, instance_relative_config=True)
    os.makedirs(app.instance_path, exist_ok=True)
    app.config.from_mapping(config.load(app.instance_path))
    if overrides:
        app.config.from_mapping(overrides)
    # __Host- pins the session cookie to this origin, so no subdomain can read
    # or toss one (M04). It needs Secure, hence only where HTTPS is required.
    app.config["BASTION_COOKIE_HOST_PREFIX"] = app.config["BASTION_PROFILE"] == "production"

    db.init_app(app)
    login_manager.init_app(app)
    bastion.init_app(app)

    app.register_blueprint(auth.bp)
    app.register_blueprint(notes.bp)
    app.register_blueprint(files.bp)
    app.register_blueprint(admin.bp)
    commands.register(app)

    @app.get("/welcome")
    def welcome() -> ResponseReturnValue:
        if current_user.is_authenticated:
            return redirect(url_for("notes.index"))
        return redirect(url_for("auth.login"))

    return app
