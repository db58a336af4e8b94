"""Apps the live-check tests probe: deliberately insecure, hardened by hand, guarded by Bastion.

Every view that a probe must never run records the call in ``RAN`` so the
tests can assert that the sentinel kept it from running.
"""

from __future__ import annotations

import secrets
from datetime import timedelta

from flask import Flask, Response, redirect, request
from werkzeug.debug import DebuggedApplication

RAN: list[str] = []
HOST = "app.example"
ENV_FILE = "SECRET_KEY=not-for-the-web\nDATABASE_URL=postgresql://u:p@db/app\n"
GIT_CONFIG = "[core]\n\trepositoryformatversion = 0\n\tbare = false\n"
STRONG_KEY_BYTES = 48


def _side_effect(name: str) -> str:
    RAN.append(name)
    return "side effect done"


def insecure_app(**config: object) -> Flask:
    """Every mistake the live checks look for, at once."""
    app = Flask("insecure")
    settings: dict[str, object] = {
        "SECRET_KEY": "dev",
        "SESSION_COOKIE_HTTPONLY": False,
        "SESSION_COOKIE_SAMESITE": None,
        "MAX_CONTENT_LENGTH": None,
    }
    app.config.update({**settings, **config})

    @app.get("/")
    def index() -> str:
        return "<!doctype html><html><body>insecure</body></html>"

    @app.errorhandler(Exception)
    def oops(e: Exception) -> tuple[str, int]:
        return f"error: {e}", 500

    @app.post("/account/delete")
    def delete_account() -> str:
        return _side_effect("delete_account")

    @app.get("/admin/users")
    def admin_users() -> str:
        return _side_effect("admin_users")

    @app.route("/login", methods=["GET", "POST"])
    def login() -> str:
        return _side_effect("login") if request.method == "POST" else "login form"

    @app.route("/echo", methods=["GET", "TRACE"])
    def echo() -> str:
        return "echo"

    @app.get("/.env")
    def dotenv() -> Response:
        return Response(ENV_FILE, mimetype="text/plain")

    @app.get("/.git/config")
    def git_config() -> Response:
        return Response(GIT_CONFIG, mimetype="text/plain")

    return app


def debugged_app() -> Flask:
    """An app whose WSGI callable is wrapped in the interactive debugger."""
    app = Flask("debugged")
    app.config["SECRET_KEY"] = secrets.token_urlsafe(STRONG_KEY_BYTES)

    @app.get("/")
    def index() -> str:
        return "<html><body>debugged</body></html>"

    app.wsgi_app = DebuggedApplication(app.wsgi_app, evalex=True)  # type: ignore[method-assign]
    return app


_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Strict-Transport-Security": "max-age=31536000; includeSubDomains",
}


def hardened_app(*, trusted_hosts: tuple[str, ...] = (HOST,)) -> Flask:
    """Secure without Flask-Bastion: Flask-WTF, Flask-Login, Flask-Limiter and config."""
    from flask_limiter import Limiter
    from flask_limiter.util import get_remote_address
    from flask_login import LoginManager, login_required
    from flask_wtf import CSRFProtect

    app = Flask("hardened")
    app.config.update(
        SECRET_KEY=secrets.token_urlsafe(STRONG_KEY_BYTES),
        SESSION_COOKIE_SECURE=True,
        SESSION_COOKIE_SAMESITE="Lax",
        PERMANENT_SESSION_LIFETIME=timedelta(hours=8),
        MAX_CONTENT_LENGTH=1024 * 1024,
        TRUSTED_HOSTS=list(trusted_hosts),
    )
    CSRFProtect(app)
    LoginManager(app).user_loader(lambda _id: None)
    limiter = Limiter(get_remote_address, app=app, storage_uri="memory://")

    @app.before_request
    def https_only() -> Response | None:
        if not request.is_secure:
            return redirect(request.url.replace("http://", "https://", 1), 308)
        return None

    @app.after_request
    def headers(response: Response) -> Response:
        response.headers.update(_HEADERS)
        return response

    @app.errorhandler(404)
    def not_found(_e: Exception) -> tuple[str, int]:
        return "<html><body>Not found</body></html>", 404

    @app.errorhandler(500)
    def server_error(_e: Exception) -> tuple[str, int]:
        return "<html><body>Something went wrong</body></html>", 500

    @app.get("/")
    def index() -> str:
        return "<!doctype html><html><body>hardened</body></html>"

    @app.get("/admin/users")
    @login_required
    def admin_users() -> str:
        return _side_effect("admin_users")

    @app.route("/login", methods=["GET", "POST"])
    @limiter.limit("5 per minute")
    def login() -> str:
        return _side_effect("login") if request.method == "POST" else "login form"

    @app.post("/account/delete")
    @login_required
    def delete_account() -> str:
        return _side_effect("delete_account")

    return app


def guarded_app(profile: str = "production") -> Flask:
    """The same routes under Flask-Bastion, with nothing configured by hand but a key."""
    from flask_bastion import Bastion
    from flask_bastion.mitigations.ownership import login_required
    from flask_bastion.mitigations.ratelimit import login_rate_limit

    app = Flask("guarded")
    app.config.update(
        SECRET_KEY=secrets.token_urlsafe(STRONG_KEY_BYTES),
        BASTION_PROFILE=profile,
        BASTION_TRUSTED_HOSTS=[HOST],
    )
    Bastion(app)

    @app.get("/")
    def index() -> str:
        return "<!doctype html><html><body>guarded</body></html>"

    @app.get("/admin/users")
    @login_required
    def admin_users() -> str:
        return _side_effect("admin_users")

    @app.route("/login", methods=["GET", "POST"])
    @login_rate_limit
    def login() -> str:
        return _side_effect("login") if request.method == "POST" else "login form"

    @app.post("/account/delete")
    def delete_account() -> str:
        return _side_effect("delete_account")

    return app
