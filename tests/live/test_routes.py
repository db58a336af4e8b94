"""The sentinel swap: views never run, every shape of view is restored."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from flask.views import MethodView

from flask_bastion.audit.live.routes import example_path, sentinel_view
from flask_bastion.audit.live.runner import app_target
from flask_bastion.audit.live.target import Auth, Csrf

from . import apps


def bare(view: Callable[..., Any]) -> Callable[..., Any]:
    """A decorator that forgets functools.wraps: the sentinel replaces it too."""

    def inner(*args: Any, **kwargs: Any) -> Any:
        return view(*args, **kwargs)

    return inner


def make_app() -> Flask:
    from flask_login import LoginManager, login_required

    app = Flask("shapes")
    app.config["SECRET_KEY"] = secrets.token_urlsafe(48)
    LoginManager(app).user_loader(lambda _id: None)
    app.add_url_rule("/bare", "bare", bare(lambda: apps._side_effect("bare")), methods=["POST"])

    class Items(MethodView):
        decorators = [login_required]

        def get(self, item_id: int) -> str:
            return apps._side_effect("items.get")

        def delete(self, item_id: int) -> str:
            return apps._side_effect("items.delete")

    app.add_url_rule("/items/<int:item_id>", view_func=Items.as_view("items"))
    return app


@pytest.fixture(autouse=True)
def _no_view_ran() -> object:
    apps.RAN.clear()
    yield
    assert apps.RAN == []


def test_each_view_shape_is_probed_and_restored() -> None:
    app = make_app()
    before = dict(app.view_functions)
    routes = {r.endpoint: r for r in app_target(app).routes}
    assert app.view_functions == before
    assert routes["bare"].csrf is Csrf.ACCEPTED  # no CSRF layer: the sentinel was reached
    assert routes["items"].auth is Auth.REQUIRED  # the class's login_required ran first
    assert routes["items"].csrf is Csrf.UNKNOWN  # 401 before any CSRF check: not determined


def test_sentinel_restores_even_when_the_block_raises() -> None:
    app = make_app()
    original = app.view_functions["items"]
    with pytest.raises(RuntimeError), sentinel_view(app, "items"):
        raise RuntimeError("probe failed")
    assert app.view_functions["items"] is original


@pytest.mark.parametrize(
    ("rule", "path"),
    [
        pytest.param("/items/<int:item_id>", "/items/1", id="int"),
        pytest.param(
            "/u/<uuid:uid>/f/<path:p>",
            "/u/00000000-0000-0000-0000-000000000000/f/bastion-probe",
            id="uuid-path",
        ),
        pytest.param("/plain/<name>", "/plain/bastion-probe", id="default"),
    ],
)
def test_example_path_fills_every_variable(rule: str, path: str) -> None:
    app = Flask("paths")
    app.add_url_rule(rule, "view", lambda **_: "")
    (url_rule,) = [r for r in app.url_map.iter_rules() if r.endpoint == "view"]
    assert example_path(url_rule) == path
