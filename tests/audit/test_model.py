"""The Flask model, resolved through imports and aliases (not substrings)."""

from __future__ import annotations

import textwrap
from pathlib import Path

from flask_bastion.audit.engine import AuditOptions, load_project, run_audit
from flask_bastion.audit.model import UNKNOWN, FlaskModel


def model_of(tmp_path: Path, files: dict[str, str]) -> FlaskModel:
    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text))
    project, _ = load_project([tmp_path])
    model: FlaskModel = project.model
    return model


def test_factory_blueprints_routes_and_decorators(tmp_path: Path) -> None:
    model = model_of(
        tmp_path,
        {
            "app/__init__.py": """
                from flask import Flask as F
                from flask_wtf.csrf import CSRFProtect
                from .views import bp
                csrf = CSRFProtect()

                def create_app():
                    app = F(__name__)
                    app.config.from_object("app.settings.ProductionConfig")
                    app.secret_key = os.environ.get("SECRET_KEY", "dev")
                    csrf.init_app(app)
                    app.register_blueprint(bp, url_prefix="/admin")
                    app.register_error_handler(500, oops)
                    return app

                def oops(e):
                    return "error", 500
            """,
            "app/views.py": """
                import flask
                import flask_login
                from flask.views import MethodView

                bp = flask.Blueprint("admin", __name__)

                @bp.route("/users/<int:user_id>", methods=["GET", "DELETE"])
                @flask_login.login_required
                def user(user_id):
                    return flask.render_template("admin/user.html")

                class Items(MethodView):
                    decorators = [flask_login.login_required]
                    def get(self): ...
                    def post(self): ...

                bp.add_url_rule("/items", view_func=Items.as_view("items"))

                @bp.after_request
                def headers(response):
                    response.headers["Content-Security-Policy"] = "default-src 'self'"
                    return response
            """,
            "app/settings.py": """
                class Config:
                    DEBUG = False
                class ProductionConfig(Config):
                    SESSION_COOKIE_SECURE = True
                class DevelopmentConfig(Config):
                    DEBUG = True
            """,
        },
    )
    (app,) = model.apps
    assert app.factory == "create_app" and app.qualname == "app.app"
    bp = model.blueprints["app.views.bp"]
    assert bp.url_prefix == "/admin" and bp.registered
    routes = {r.endpoint: r for r in model.routes}
    user = routes["user"]
    assert user.methods == frozenset({"GET", "DELETE"})
    assert user.decorators == ("flask_login.login_required",)
    assert user.converters == (("int", "user_id"),)
    assert user.templates == ("admin/user.html",)
    assert user.url == "/admin/users/<int:user_id>"
    assert routes["Items"].methods == frozenset({"GET", "POST"})
    assert routes["Items"].decorators == ("flask_login.login_required",)
    assert [e.name for e in model.extensions] == ["CSRFProtect"]
    assert [h.key for h in model.error_handlers] == ["500"]
    assert model.hooks[0].headers == ("content-security-policy",)
    secret = model.config_values("SECRET_KEY")[0]
    assert secret.env_var == "SECRET_KEY" and secret.value == "dev"
    debug = {(v.origin, v.value, v.profile) for v in model.config_values("DEBUG")}
    assert debug == {
        ("class Config", False, None),
        ("class DevelopmentConfig", True, "development"),
    }
    assert model.config_values("DEBUG", production_only=True)[0].value is False
    assert model.uses_sessions  # flask_login imported


def test_env_files_and_unknown_values(tmp_path: Path) -> None:
    model = model_of(
        tmp_path,
        {
            "app.py": """
                import os
                from flask import Flask
                app = Flask(__name__)
                app.config["MAX_CONTENT_LENGTH"] = compute_limit()
                app.config["PERMANENT_SESSION_LIFETIME"] = 60 * 60 * 8
            """,
            ".flaskenv": "FLASK_APP=app\nFLASK_DEBUG=1\n",
            ".env.example": "SECRET_KEY=changeme\n",
        },
    )
    assert model.config_values("MAX_CONTENT_LENGTH")[0].value is UNKNOWN
    assert model.config_values("PERMANENT_SESSION_LIFETIME")[0].value == 28800
    assert model.env_files["FLASK_DEBUG"].value == "1"
    assert "SECRET_KEY" not in model.env_files
    assert model.not_applicable() >= {"M10", "M06", "M01"}


def test_audit_of_the_vault_reports_nothing_missing() -> None:
    vault = Path(__file__).resolve().parents[2] / "examples" / "vault"
    result = run_audit([vault], AuditOptions(cache=False, use_pyproject=False))
    mine = [f for f in result.findings if not f.rule_id.startswith(("FB4", "FB55", "FB85"))]
    assert mine == []
    assert {v.entry.id for v in result.verdicts() if v.status.value == "implemented"} >= {
        "M02", "M03", "M05", "M06", "M07", "M08", "M09", "M10", "M11", "M13", "M17",
        "M19", "M20", "M22", "M23",
    }  # fmt: skip
