"""M19: `flask bastion routes` and the inventory behind it."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Blueprint, Flask
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager, login_required

from flask_bastion import Bastion
from flask_bastion.cli import EXIT_FINDINGS, flask_group
from flask_bastion.mitigations.csrf import csrf_exempt
from flask_bastion.mitigations.ownership import login_required_by_default, owner_required, public
from flask_bastion.mitigations.ratelimit import login_rate_limit
from flask_bastion.routes import Auth, CsrfStatus, RouteInfo, route_inventory


@pytest.fixture
def app(tmp_path: Path) -> Flask:
    app = Flask(__name__, instance_path=str(tmp_path / "instance"))
    app.config.update(BASTION_PROFILE="testing", BASTION_RATELIMIT_LOGIN="3 per minute")
    Bastion(app)
    LoginManager(app)
    limiter = Limiter(get_remote_address, app=app, storage_uri="memory://")

    @app.get("/")
    def index() -> str:
        return "home"

    @app.route("/login", methods=["GET", "POST"])
    @login_rate_limit
    def login() -> str:
        return "login"

    @app.get("/debug/config")
    def debug_config() -> str:
        return "oops"

    @app.post("/notes/<int:note_id>/delete")
    @login_required
    def delete_note(note_id: int) -> str:
        return "deleted"

    @app.get("/notes/<int:note_id>")
    @owner_required(lambda note_id: None)
    def show_note(note_id: int, record: object) -> str:
        return "note"

    @app.post("/api/hook")
    @csrf_exempt
    @limiter.limit("10 per hour")
    def hook() -> str:
        return "ok"

    admin = login_required_by_default(Blueprint("admin", __name__))

    @admin.route("/users/<int:user_id>/delete", methods=["POST"])
    def delete_user(user_id: int) -> str:
        return "gone"

    @admin.get("/health")
    @public
    def health() -> str:
        return "ok"

    app.register_blueprint(admin, url_prefix="/admin")
    return app


def by_endpoint(app: Flask) -> dict[str, RouteInfo]:
    return {route.endpoint: route for route in route_inventory(app)}


def test_inventory_lists_every_route(app: Flask) -> None:
    routes = by_endpoint(app)
    assert routes["index"] == RouteInfo(
        rule="/",
        endpoint="index",
        methods=("GET",),
        auth=Auth.OPEN,
        csrf=CsrfStatus.NOT_APPLICABLE,
        rate_limit=None,
        sensitive=False,
    )
    assert routes["login"] == RouteInfo(
        rule="/login",
        endpoint="login",
        methods=("GET", "POST"),
        auth=Auth.OPEN,
        csrf=CsrfStatus.CHECKED,
        rate_limit="3 per minute (failures)",
        sensitive=False,
    )
    assert set(routes) == {
        "static",
        "index",
        "login",
        "debug_config",
        "delete_note",
        "show_note",
        "hook",
        "admin.delete_user",
        "admin.health",
    }


@pytest.mark.parametrize(
    ("endpoint", "auth", "csrf", "sensitive"),
    [
        pytest.param(
            "delete_note", Auth.LOGIN_REQUIRED, CsrfStatus.CHECKED, False, id="flask-login"
        ),
        pytest.param(
            "show_note", Auth.LOGIN_REQUIRED, CsrfStatus.NOT_APPLICABLE, False, id="owner"
        ),
        pytest.param(
            "admin.delete_user", Auth.LOGIN_BY_DEFAULT, CsrfStatus.CHECKED, False, id="bp"
        ),
        pytest.param(
            "admin.health", Auth.PUBLIC, CsrfStatus.NOT_APPLICABLE, True, id="public-admin"
        ),
        pytest.param("debug_config", Auth.OPEN, CsrfStatus.NOT_APPLICABLE, True, id="debug-open"),
        pytest.param("hook", Auth.OPEN, CsrfStatus.EXEMPT, False, id="csrf-exempt"),
    ],
)
def test_auth_csrf_and_sensitivity(
    app: Flask, endpoint: str, auth: Auth, csrf: CsrfStatus, sensitive: bool
) -> None:
    route = by_endpoint(app)[endpoint]
    assert (route.auth, route.csrf, route.sensitive) == (auth, csrf, sensitive)


def test_flask_limiter_decorations_are_read(app: Flask) -> None:
    assert by_endpoint(app)["hook"].rate_limit == "10 per hour"


def test_csrf_off_makes_everything_exempt(tmp_path: Path) -> None:
    app = Flask(__name__, instance_path=str(tmp_path / "i"))
    app.config.update(BASTION_PROFILE="testing", BASTION_CSRF=False)
    Bastion(app)

    @app.post("/transfer")
    def transfer() -> str:
        return "ok"

    assert by_endpoint(app)["transfer"].csrf is CsrfStatus.EXEMPT


def test_routes_command_prints_the_table(app: Flask) -> None:
    result = app.test_cli_runner().invoke(flask_group, ["routes"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    login_row = next(line for line in lines if " /login " in line)
    assert "GET,POST" in login_row and "3 per minute (failures)" in login_row
    debug_row = next(line for line in lines if "/debug/config" in line)
    assert "open" in debug_row and "SENSITIVE, NO AUTH" in debug_row
    health_row = next(line for line in lines if "/admin/health" in line)
    assert "public" in health_row and "sensitive, public" in health_row
    bp_row = next(line for line in lines if "admin.delete_user" in line)
    assert "login (default)" in bp_row and "checked" in bp_row
    assert "1 sensitive-looking route(s) have no auth check" in result.output


def test_routes_command_can_gate_ci(app: Flask) -> None:
    result = app.test_cli_runner().invoke(flask_group, ["routes", "--fail-on-sensitive"])
    assert result.exit_code == EXIT_FINDINGS


def test_clean_app_passes_the_gate(tmp_path: Path) -> None:
    app = Flask(__name__, instance_path=str(tmp_path / "i"))
    app.config.update(BASTION_PROFILE="testing")
    Bastion(app)

    @app.get("/")
    def index() -> str:
        return "home"

    result = app.test_cli_runner().invoke(flask_group, ["routes", "--fail-on-sensitive"])
    assert result.exit_code == 0
    assert "no auth check" not in result.output
