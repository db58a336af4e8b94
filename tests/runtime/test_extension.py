"""``Bastion`` follows Flask's extension guide: no app stored, state per app."""

from __future__ import annotations

import functools
from collections.abc import Callable

import pytest
from flask import Flask

from flask_bastion import Bastion, get_state
from flask_bastion.extension import BastionState


@pytest.fixture
def bare(app_factory: Callable[..., Flask]) -> Callable[..., Flask]:
    """Unguarded apps in the testing profile."""
    return functools.partial(app_factory, guard=False)


def test_app_factory_pattern(bare: Callable[..., Flask]) -> None:
    bastion = Bastion()
    first, second = bare(), bare()
    bastion.init_app(first)
    bastion.init_app(second)
    assert isinstance(first.extensions["bastion"], BastionState)
    assert get_state(first) is not get_state(second)
    assert not any(isinstance(v, Flask) for v in vars(bastion).values()), "never store the app"


def test_constructor_with_app(bare: Callable[..., Flask]) -> None:
    app = bare()
    Bastion(app)
    assert get_state(app).profile.value == "testing"


def test_get_state_of_an_unguarded_app_says_what_to_do(bare: Callable[..., Flask]) -> None:
    with pytest.raises(RuntimeError, match=r"Bastion\(app\)"):
        get_state(bare())


def test_settings_are_set_with_setdefault(bare: Callable[..., Flask]) -> None:
    app = bare()
    app.config["BASTION_COOKIE_SAMESITE"] = "Strict"
    Bastion(app)
    assert app.config["BASTION_COOKIE_SAMESITE"] == "Strict"
    assert app.config["BASTION_MAX_FORM_PARTS"] == 1000


def test_a_guarded_app_serves_normally(app_factory) -> None:  # type: ignore[no-untyped-def]
    app = app_factory(guard=False)

    @app.get("/")
    def index() -> str:
        return "hello"

    Bastion(app)
    response = app.test_client().get("/")
    assert (response.status_code, response.text) == (200, "hello")
