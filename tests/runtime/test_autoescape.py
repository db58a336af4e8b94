"""M11: autoescaping is on for HTML, XML and ``.jinja``; off is refused."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from flask import Flask, render_template
from jinja2 import DictLoader, select_autoescape

from flask_bastion import Bastion, ConfigurationError, get_state
from flask_bastion.extension import BastionState
from flask_bastion.mitigations import autoescape
from flask_bastion.settings import Profile

Factory = Callable[..., Flask]
PAYLOAD = "<script>alert(1)</script>"
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;"


def _render_views(app: Flask) -> Flask:
    app.jinja_loader = DictLoader(  # type: ignore[method-assign]
        {name: "{{ value }}" for name in ("page.html", "page.xml", "page.jinja", "page.txt")}
    )

    @app.get("/<name>")
    def page(name: str) -> str:
        return render_template(name, value=PAYLOAD)

    return app


@pytest.mark.parametrize("name", ["page.html", "page.xml", "page.jinja"])
def test_templates_are_escaped(app_factory: Factory, name: str) -> None:
    app = _render_views(app_factory())
    assert app.test_client().get(f"/{name}").text == ESCAPED


def test_plain_text_templates_stay_raw(app_factory: Factory) -> None:
    app = _render_views(app_factory())
    assert app.test_client().get("/page.txt").text == PAYLOAD


def test_jinja_is_added_when_the_environment_already_exists(app_factory: Factory) -> None:
    app = app_factory(guard=False)
    assert app.jinja_env is not None  # created before the guard, as template_filter does
    Bastion(app)
    assert app.jinja_env.autoescape("page.jinja") is True  # type: ignore[operator]


@pytest.mark.parametrize(
    "option",
    [
        pytest.param(False, id="false"),
        pytest.param(select_autoescape(["html"]), id="html-only"),
        pytest.param(select_autoescape(), id="jinja2-default-without-jinja"),
    ],
)
def test_autoescape_off_is_refused(app_factory: Factory, option: object) -> None:
    app = app_factory(guard=False)
    app.jinja_options = {**app.jinja_options, "autoescape": option}
    with pytest.raises(ConfigurationError) as caught:
        Bastion(app)
    assert caught.value.setting == "jinja_options['autoescape']"
    assert "jinja_options" in str(caught.value)


def test_an_explicit_complete_choice_is_accepted(app_factory: Factory) -> None:
    app = app_factory(guard=False)
    app.jinja_options = {"autoescape": select_autoescape(["html", "htm", "xml", "jinja"])}
    Bastion(app)


def test_switched_off_is_allowed(app_factory: Factory) -> None:
    app = app_factory(guard=False, BASTION_REQUIRE_AUTOESCAPE=False)
    app.jinja_options = {"autoescape": False}
    Bastion(app)


def test_autoescape_turned_off_after_start_up_fails_the_first_request(
    app_factory: Factory,
) -> None:
    app = _render_views(app_factory())
    app.jinja_env.autoescape = False
    response = app.test_client().get("/page.html")
    assert response.status_code == 500 and PAYLOAD not in response.text


def test_the_check_does_not_create_the_environment(app_factory: Factory) -> None:
    """Apps may still change jinja_options after this module ran."""
    app = app_factory(guard=False)
    state = BastionState(profile=Profile.PRODUCTION, relaxed=())
    app.config["BASTION_REQUIRE_AUTOESCAPE"] = True
    autoescape.install(app, state)
    assert "jinja_env" not in app.__dict__
    app.jinja_options = {**app.jinja_options, "trim_blocks": True}
    assert app.jinja_env.trim_blocks is True
    assert app.jinja_env.autoescape("page.jinja") is True  # type: ignore[operator]


@pytest.mark.parametrize(
    ("option", "unescaped"),
    [
        pytest.param(True, [], id="always"),
        pytest.param(False, list(autoescape.CHECKED_NAMES), id="never"),
        pytest.param(select_autoescape(), ["page.jinja"], id="jinja2-default"),
        pytest.param(
            lambda name: name.endswith(".html"),
            ["page.htm", "page.xml", "page.jinja"],
            id="html-only",
        ),
    ],
)
def test_unescaped_names(option: object, unescaped: list[str]) -> None:
    assert autoescape.unescaped_names(option) == unescaped  # type: ignore[arg-type]


def test_state_is_per_app(app_factory: Factory) -> None:
    assert get_state(app_factory()).profile is Profile.TESTING
