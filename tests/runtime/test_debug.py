"""M07: production refuses debug mode and the Werkzeug debugger, now and later."""

from __future__ import annotations

import logging
from collections.abc import Callable

import pytest
from flask import Flask
from werkzeug.debug import DebuggedApplication
from werkzeug.middleware.proxy_fix import ProxyFix

from flask_bastion import Bastion, ConfigurationError

HTTPS = "https://localhost"


@pytest.fixture(autouse=True)
def _no_flask_debug(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("FLASK_DEBUG", raising=False)


@pytest.fixture
def unguarded(app_factory: Callable[..., Flask]) -> Callable[..., Flask]:
    """Production apps with one view, not guarded yet."""

    def build(**config: object) -> Flask:
        app = app_factory(guard=False, **{"BASTION_PROFILE": "production", **config})

        @app.get("/")
        def index() -> str:
            return "ok"

        return app

    return build


def _refusal(app: Flask) -> ConfigurationError:
    with pytest.raises(ConfigurationError) as caught:
        Bastion(app)
    assert "BASTION_PROFILE=development" in str(caught.value), "the error says how to develop"
    return caught.value


def test_debug_config_is_refused(unguarded: Callable[..., Flask]) -> None:
    assert _refusal(unguarded(DEBUG=True)).setting == "DEBUG"


def test_app_debug_attribute_is_refused(unguarded: Callable[..., Flask]) -> None:
    app = unguarded()
    app.debug = True
    assert _refusal(app).setting == "DEBUG"


@pytest.mark.parametrize("value", ["1", "true", "yes"])
def test_flask_debug_environment_is_refused(
    monkeypatch: pytest.MonkeyPatch, value: str, unguarded: Callable[..., Flask]
) -> None:
    monkeypatch.setenv("FLASK_DEBUG", value)
    assert _refusal(unguarded()).setting == "FLASK_DEBUG"


@pytest.mark.parametrize("value", ["0", "false", "no", ""])
def test_flask_debug_off_is_fine(
    monkeypatch: pytest.MonkeyPatch, value: str, unguarded: Callable[..., Flask]
) -> None:
    monkeypatch.setenv("FLASK_DEBUG", value)
    Bastion(unguarded())


@pytest.mark.parametrize(
    "wrap",
    [
        pytest.param(lambda w: DebuggedApplication(w, evalex=True), id="debugger"),
        pytest.param(lambda w: ProxyFix(DebuggedApplication(w)), id="debugger-behind-proxyfix"),
    ],
)
def test_the_werkzeug_debugger_is_refused(
    wrap: Callable[[object], object], unguarded: Callable[..., Flask]
) -> None:
    app = unguarded()
    app.wsgi_app = wrap(app.wsgi_app)  # type: ignore[method-assign]
    assert "DebuggedApplication" in _refusal(app).setting


@pytest.mark.parametrize("profile", ["development", "testing"])
def test_other_profiles_allow_debug(profile: str, unguarded: Callable[..., Flask]) -> None:
    app = unguarded(DEBUG=True, BASTION_PROFILE=profile)
    Bastion(app)
    assert app.debug


@pytest.mark.timeout(10)
@pytest.mark.parametrize(
    ("kwargs", "setting"),
    [
        pytest.param({"debug": True}, "app.run(debug=True)", id="debug"),
        pytest.param({"use_debugger": True}, "app.run(use_debugger=True)", id="use_debugger"),
    ],
)
def test_a_later_app_run_with_debug_is_refused_before_serving(
    kwargs: dict[str, bool], setting: str, unguarded: Callable[..., Flask]
) -> None:
    app = unguarded()
    Bastion(app)
    with pytest.raises(ConfigurationError) as caught:
        app.run(port=0, **kwargs)
    assert caught.value.setting == setting


@pytest.mark.timeout(10)
def test_a_later_flask_debug_is_refused_by_app_run(
    monkeypatch: pytest.MonkeyPatch, unguarded: Callable[..., Flask]
) -> None:
    app = unguarded()
    Bastion(app)
    monkeypatch.setenv("FLASK_DEBUG", "1")
    with pytest.raises(ConfigurationError, match="FLASK_DEBUG"):
        app.run(port=0, load_dotenv=False)


def test_debug_switched_on_after_start_up_refuses_every_request(
    caplog: pytest.LogCaptureFixture,
    unguarded: Callable[..., Flask],
) -> None:
    app = unguarded()
    Bastion(app)
    app.debug = True
    client = app.test_client()
    with caplog.at_level(logging.CRITICAL, logger="flask_bastion"):
        first = client.get(HTTPS + "/")
        second = client.get(HTTPS + "/")
    assert (first.status_code, second.status_code) == (500, 500)
    assert b"ok" not in first.data
    refusals = [r for r in caplog.records if r.levelno == logging.CRITICAL]
    assert len(refusals) == 1 and "DEBUG" in refusals[0].getMessage()


def test_flask_debug_set_after_start_up_refuses_requests(
    unguarded: Callable[..., Flask], monkeypatch: pytest.MonkeyPatch
) -> None:
    app = unguarded()
    Bastion(app)
    monkeypatch.setenv("FLASK_DEBUG", "1")
    assert app.test_client().get(HTTPS + "/").status_code == 500


def test_a_debugger_mounted_after_start_up_refuses_requests(
    unguarded: Callable[..., Flask],
) -> None:
    app = unguarded()
    Bastion(app)
    app.wsgi_app = DebuggedApplication(app.wsgi_app)  # type: ignore[method-assign]
    response = app.test_client().get(HTTPS + "/")
    assert response.status_code == 500 and response.text != "ok"


def test_the_first_request_check_removes_itself(unguarded: Callable[..., Flask]) -> None:
    app = unguarded()
    Bastion(app)

    def one_shot() -> list[object]:
        hooks = app.before_request_funcs.get(None, [])
        return [f for f in hooks if "on_first_request" in f.__qualname__]

    assert one_shot()
    client = app.test_client()
    assert client.get(HTTPS + "/").text == "ok"
    assert one_shot() == []
    app.debug = True  # too late to be seen: the check ran once and is gone
    assert client.get(HTTPS + "/").text == "ok"
