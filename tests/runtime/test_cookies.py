"""M01-M04: the flags on the real ``Set-Cookie`` header, and what production refuses."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from flask import Flask, Response, session
from flask_login import LoginManager, UserMixin, login_user

from flask_bastion import Bastion, ConfigurationError, cookie_options

HTTPS = "https://localhost"


def _with_views(app: Flask) -> Flask:
    @app.get("/login")
    def login() -> str:
        session["user"] = "ada"
        return "in"

    @app.get("/guard-cookie")
    def guard_cookie() -> Response:
        response = Response("set")
        response.set_cookie("bastion_probe", "1", **cookie_options())
        return response

    return app


def _set_cookie(app: Flask, path: str = "/login") -> str:
    headers = app.test_client().get(HTTPS + path).headers.getlist("Set-Cookie")
    assert len(headers) == 1, headers
    return headers[0]


def _flags(header: str) -> set[str]:
    return {part.strip() for part in header.split(";")[1:]}


@pytest.fixture
def make(app_factory: Callable[..., Flask]) -> Callable[..., Flask]:
    """Guarded apps with a view setting the session and one setting a guard cookie."""

    def build(**config: object) -> Flask:
        app = _with_views(app_factory(guard=False, **config))
        Bastion(app)
        return app

    return build


def test_production_session_cookie_is_secure_httponly_lax(make: Callable[..., Flask]) -> None:
    header = _set_cookie(make(BASTION_PROFILE="production"))
    assert header.startswith("session=")
    assert _flags(header) == {"Secure", "HttpOnly", "Path=/", "SameSite=Lax"}


def test_testing_profile_drops_only_secure(make: Callable[..., Flask]) -> None:
    assert _flags(_set_cookie(make())) == {"HttpOnly", "Path=/", "SameSite=Lax"}


def test_strict_and_partitioned(make: Callable[..., Flask]) -> None:
    app = make(
        BASTION_PROFILE="production",
        BASTION_COOKIE_SAMESITE="Strict",
        BASTION_COOKIE_PARTITIONED=True,
    )
    assert _flags(_set_cookie(app)) == {
        "Secure",
        "HttpOnly",
        "Path=/",
        "SameSite=Strict",
        "Partitioned",
    }


def test_host_prefix_renames_the_session_cookie(make: Callable[..., Flask]) -> None:
    app = make(BASTION_PROFILE="production", BASTION_COOKIE_HOST_PREFIX=True)
    header = _set_cookie(app)
    assert header.startswith("__Host-session=")
    assert "Domain" not in header and "Path=/" in header and "Secure" in _flags(header)
    client = app.test_client()
    client.get(HTTPS + "/login")
    assert client.get_cookie("__Host-session") is not None


def test_host_prefix_is_not_added_twice(make: Callable[..., Flask]) -> None:
    app = make(
        BASTION_PROFILE="production",
        BASTION_COOKIE_HOST_PREFIX=True,
        SESSION_COOKIE_NAME="__Host-sid",
    )
    assert _set_cookie(app).startswith("__Host-sid=")


def test_the_guards_own_cookies_carry_the_same_flags(make: Callable[..., Flask]) -> None:
    app = make(BASTION_PROFILE="production", BASTION_COOKIE_SAMESITE="Strict")
    header = _set_cookie(app, "/guard-cookie")
    assert header.startswith("bastion_probe=1")
    assert _flags(header) == {"Secure", "HttpOnly", "Path=/", "SameSite=Strict"}
    assert cookie_options(app) == {
        "secure": True,
        "httponly": True,
        "samesite": "Strict",
        "partitioned": False,
        "path": "/",
    }


def test_cookie_options_is_a_fresh_dict(make: Callable[..., Flask]) -> None:
    app = make()
    cookie_options(app)["secure"] = "tampered"
    assert cookie_options(app)["secure"] is False


def test_an_explicit_flask_setting_wins(make: Callable[..., Flask]) -> None:
    app = make(BASTION_PROFILE="production", SESSION_COOKIE_SAMESITE="Strict")
    assert "SameSite=Strict" in _flags(_set_cookie(app))


def test_samesite_none_with_secure_is_allowed_in_production(make: Callable[..., Flask]) -> None:
    app = make(BASTION_PROFILE="production", SESSION_COOKIE_SAMESITE="None")
    assert {"SameSite=None", "Secure"} <= _flags(_set_cookie(app))


def test_application_root_is_the_cookie_path(make: Callable[..., Flask]) -> None:
    app = make(APPLICATION_ROOT="/app")
    assert cookie_options(app)["path"] == "/app"


@pytest.mark.parametrize(
    ("config", "setting"),
    [
        pytest.param(
            {"SESSION_COOKIE_HTTPONLY": False}, "SESSION_COOKIE_HTTPONLY", id="flask-httponly-off"
        ),
        pytest.param(
            {"BASTION_COOKIE_HTTPONLY": False}, "BASTION_COOKIE_HTTPONLY", id="bastion-httponly-off"
        ),
        pytest.param(
            {"BASTION_COOKIE_SECURE": False}, "BASTION_COOKIE_SECURE", id="bastion-secure-off"
        ),
        pytest.param(
            {"SESSION_COOKIE_SAMESITE": "Sometimes"},
            "SESSION_COOKIE_SAMESITE",
            id="flask-samesite-unknown",
        ),
        pytest.param(
            {"SESSION_COOKIE_SAMESITE": "None", "BASTION_COOKIE_SECURE": False},
            "BASTION_COOKIE_SECURE",
            id="samesite-none-without-secure",
        ),
    ],
)
def test_production_refuses_weakened_cookies(
    make: Callable[..., Flask], config: dict, setting: str
) -> None:
    with pytest.raises(ConfigurationError) as caught:
        make(BASTION_PROFILE="production", **config)
    assert caught.value.setting == setting
    assert str(caught.value).startswith(setting)


def test_development_may_turn_httponly_off(make: Callable[..., Flask]) -> None:
    app = make(BASTION_PROFILE="development", BASTION_COOKIE_HTTPONLY=False)
    assert "HttpOnly" not in _flags(_set_cookie(app))


@pytest.mark.parametrize(
    ("config", "setting"),
    [
        pytest.param(
            {"BASTION_COOKIE_SAMESITE": "None"}, "BASTION_COOKIE_SAMESITE", id="samesite-none"
        ),
        pytest.param(
            {"BASTION_COOKIE_SAMESITE": "lax"}, "BASTION_COOKIE_SAMESITE", id="samesite-lowercase"
        ),
        pytest.param(
            {"BASTION_COOKIE_HTTPONLY": "yes"}, "BASTION_COOKIE_HTTPONLY", id="httponly-string"
        ),
        pytest.param(
            {"SESSION_COOKIE_SAMESITE": "None"},
            "SESSION_COOKIE_SAMESITE",
            id="samesite-none-not-secure",
        ),
        pytest.param(
            {"BASTION_COOKIE_HOST_PREFIX": True},
            "SESSION_COOKIE_SECURE",
            id="host-prefix-not-secure",
        ),
        pytest.param(
            {
                "BASTION_COOKIE_HOST_PREFIX": True,
                "BASTION_COOKIE_SECURE": True,
                "SESSION_COOKIE_DOMAIN": "example.com",
            },
            "SESSION_COOKIE_DOMAIN",
            id="host-prefix-with-domain",
        ),
        pytest.param(
            {
                "BASTION_COOKIE_HOST_PREFIX": True,
                "BASTION_COOKIE_SECURE": True,
                "SESSION_COOKIE_PATH": "/app",
            },
            "SESSION_COOKIE_PATH",
            id="host-prefix-with-path",
        ),
    ],
)
def test_bad_cookie_settings_in_any_profile(
    make: Callable[..., Flask], config: dict, setting: str
) -> None:
    with pytest.raises(ConfigurationError) as caught:
        make(**config)
    assert caught.value.setting == setting
    assert setting in str(caught.value)


class _User(UserMixin):
    id = "ada"


def _remember_app(make: Callable[..., Flask], **config: object) -> Flask:
    app = make(**config)
    manager = LoginManager(app)
    manager.user_loader(lambda user_id: _User() if user_id == "ada" else None)

    @app.get("/remember")
    def remember() -> str:
        login_user(_User(), remember=True)
        return "in"

    return app


def test_flask_login_remember_cookie_gets_the_same_flags(make: Callable[..., Flask]) -> None:
    app = _remember_app(make, BASTION_PROFILE="production", BASTION_COOKIE_SAMESITE="Strict")
    headers = app.test_client().get(HTTPS + "/remember").headers.getlist("Set-Cookie")
    [remember] = [h for h in headers if h.startswith("remember_token=")]
    assert {"Secure", "HttpOnly", "SameSite=Strict"} <= _flags(remember)


def test_an_apps_own_remember_cookie_setting_is_kept(make: Callable[..., Flask]) -> None:
    app = _remember_app(make, REMEMBER_COOKIE_SAMESITE="Strict")
    assert app.config["REMEMBER_COOKIE_SAMESITE"] == "Strict"
    assert app.config["REMEMBER_COOKIE_SECURE"] is False  # testing profile


@pytest.mark.parametrize("key", ["REMEMBER_COOKIE_HTTPONLY", "REMEMBER_COOKIE_SECURE"])
def test_production_refuses_a_weak_remember_cookie(make: Callable[..., Flask], key: str) -> None:
    with pytest.raises(ConfigurationError) as caught:
        make(BASTION_PROFILE="production", **{key: False})
    assert caught.value.setting == key
