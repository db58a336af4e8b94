"""M05: the key is loaded from outside the source, judged, and rotated without logouts."""

from __future__ import annotations

import logging
import secrets
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from flask import Flask, session

from flask_bastion import Bastion, ConfigurationError, signing_keys
from flask_bastion.cli import flask_group, main
from flask_bastion.mitigations.secret_key import weakness

STRONG = secrets.token_urlsafe(32)
ENV_NAMES = (
    "SECRET_KEY",
    "SECRET_KEY_FILE",
    "SECRET_KEY_FALLBACKS",
    "SECRET_KEY_FALLBACKS_FILE",
    "APP_KEY",
    "APP_KEY_FILE",
)


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """A key in the runner's environment must not leak into these tests."""
    for name in ENV_NAMES:
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def production(app_factory: Callable[..., Flask]) -> Callable[..., Flask]:
    """Production apps that take their key only from *config* or the environment."""

    def build(**config: object) -> Flask:
        return app_factory(**{"BASTION_PROFILE": "production", "SECRET_KEY": None, **config})

    return build


# -- judging keys -------------------------------------------------------------


@pytest.mark.parametrize(
    "key",
    [
        pytest.param("a" * 64, id="one-char-repeated"),
        pytest.param("ab" * 32, id="two-chars-alternating"),
        pytest.param("0123456789" * 4, id="digits-repeated"),
        pytest.param("abcdefghijklmnopqrstuvwxyz0123456789", id="alphabet-run"),
        pytest.param("dev", id="dev"),
        pytest.param("changeme", id="changeme"),
        pytest.param("CHANGEME", id="changeme-upper"),
        pytest.param("secret", id="secret"),
        pytest.param("your-strong-secret-key", id="your-strong-secret-key"),
        pytest.param("change-me", id="change-me"),
        pytest.param("super-secret-key", id="super-secret-key"),
        pytest.param("secret-key", id="secret-key"),
        pytest.param("development", id="development"),
        pytest.param("please-change", id="please-change"),
        pytest.param("replace-me", id="replace-me"),
        pytest.param("mysecretkey", id="mysecretkey"),
        pytest.param("default", id="default"),
        pytest.param("flask-secret", id="flask-secret"),
        pytest.param("Super-Secret-Key-" * 4, id="placeholder-repeated"),
        pytest.param("changeme" + "0" * 40, id="placeholder-padded"),
        pytest.param("__your_strong_secret_key__2024!!", id="placeholder-decorated"),
        pytest.param(secrets.token_urlsafe(12), id="random-but-short"),
        pytest.param(b"\x00" * 32, id="zero-bytes"),
        pytest.param("", id="empty"),
    ],
)
def test_weak_keys_are_refused(key: str | bytes) -> None:
    assert weakness(key) is not None


@pytest.mark.parametrize(
    "make",
    [
        pytest.param(lambda: secrets.token_urlsafe(32), id="token_urlsafe-32"),
        pytest.param(lambda: secrets.token_hex(32), id="token_hex-32"),
        pytest.param(lambda: secrets.token_hex(16), id="token_hex-16"),
        pytest.param(lambda: secrets.token_bytes(32), id="token_bytes-32"),
        pytest.param(lambda: "dev-" + secrets.token_urlsafe(32), id="placeholder-plus-random"),
    ],
)
def test_random_keys_are_accepted(make: object) -> None:
    keys = [make() for _ in range(300)]  # type: ignore[operator]
    assert [k for k in keys if weakness(k)] == []


def test_min_bytes_is_configurable() -> None:
    key = secrets.token_urlsafe(32)  # 43 bytes
    assert weakness(key, min_bytes=64) is not None
    assert weakness(key, min_bytes=32) is None


# -- refusing at start-up -------------------------------------------------------


@pytest.mark.parametrize(
    "key",
    [
        pytest.param(None, id="missing"),
        pytest.param("changeme", id="placeholder"),
        pytest.param("x" * 40, id="low-entropy"),
        pytest.param(secrets.token_urlsafe(16), id="short"),
    ],
)
def test_production_refuses_a_bad_key_and_never_prints_it(
    key: str | None, production: Callable[..., Flask]
) -> None:
    with pytest.raises(ConfigurationError) as caught:
        production(SECRET_KEY=key)
    assert caught.value.setting == "SECRET_KEY"
    message = str(caught.value)
    assert message.startswith("SECRET_KEY:")
    assert "bastion keygen" in message and "BASTION_SECRET_KEY_FILE" in message
    if key:
        assert key not in message


def test_a_weak_fallback_is_refused_by_index(production: Callable[..., Flask]) -> None:
    with pytest.raises(ConfigurationError) as caught:
        production(SECRET_KEY=STRONG, SECRET_KEY_FALLBACKS=[secrets.token_urlsafe(32), "dev"])
    assert caught.value.setting == "SECRET_KEY_FALLBACKS[1]"


def test_a_single_string_fallback_is_a_configuration_error(
    production: Callable[..., Flask],
) -> None:
    with pytest.raises(ConfigurationError, match="SECRET_KEY_FALLBACKS"):
        production(SECRET_KEY=STRONG, SECRET_KEY_FALLBACKS=secrets.token_urlsafe(32))


@pytest.mark.parametrize(
    ("config", "setting"),
    [
        pytest.param(
            {"SECRET_KEY": 12345678901234567890123456789012345}, "SECRET_KEY", id="int-key"
        ),
        pytest.param(
            {"SECRET_KEY": STRONG, "SECRET_KEY_FALLBACKS": [None]},
            "SECRET_KEY_FALLBACKS[0]",
            id="none-fallback",
        ),
    ],
)
def test_a_key_that_is_not_text_is_refused(
    production: Callable[..., Flask], config: dict[str, object], setting: str
) -> None:
    with pytest.raises(ConfigurationError) as caught:
        production(**config)
    assert caught.value.setting == setting


def test_a_weak_fallback_names_its_own_source(
    production: Callable[..., Flask], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SECRET_KEY_FALLBACKS", "changeme")
    with pytest.raises(ConfigurationError, match="SECRET_KEY_FALLBACKS") as caught:
        production(SECRET_KEY=STRONG)
    assert caught.value.setting == "SECRET_KEY_FALLBACKS[0]"
    assert "environment variable SECRET_KEY_FALLBACKS" in str(caught.value)
    assert "changeme" not in str(caught.value)


def test_min_bytes_must_be_a_positive_int(production: Callable[..., Flask]) -> None:
    with pytest.raises(ConfigurationError, match="BASTION_SECRET_KEY_MIN_BYTES"):
        production(SECRET_KEY=STRONG, BASTION_SECRET_KEY_MIN_BYTES="32")


@pytest.mark.parametrize("name", [None, "", "SECRET KEY", "1KEY"])
def test_a_bad_environment_variable_name_is_refused(
    production: Callable[..., Flask], name: object
) -> None:
    with pytest.raises(ConfigurationError) as caught:
        production(SECRET_KEY=STRONG, BASTION_SECRET_KEY_ENV=name)
    assert caught.value.setting == "BASTION_SECRET_KEY_ENV"


def test_relaxed_production_still_refuses_a_missing_key(production: Callable[..., Flask]) -> None:
    with pytest.raises(ConfigurationError, match="SECRET_KEY"):
        production(BASTION_REQUIRE_STRONG_SECRET=False)


@pytest.mark.parametrize("profile", ["development", "testing"])
def test_other_profiles_get_a_throwaway_key_with_one_warning(
    profile: str, caplog: pytest.LogCaptureFixture, app_factory: Callable[..., Flask]
) -> None:
    with caplog.at_level(logging.WARNING, logger="flask_bastion"):
        app = app_factory(BASTION_PROFILE=profile, SECRET_KEY=None)
    key = app.config["SECRET_KEY"]
    assert weakness(key) is None
    assert len([r for r in caplog.records if "throwaway" in r.getMessage()]) == 1
    assert key not in caplog.text
    other = app_factory(BASTION_PROFILE=profile, SECRET_KEY=None)
    assert other.config["SECRET_KEY"] != key


def test_testing_profile_tolerates_a_weak_key_with_a_warning(
    caplog: pytest.LogCaptureFixture,
    app_factory: Callable[..., Flask],
) -> None:
    with caplog.at_level(logging.WARNING, logger="flask_bastion"):
        app = app_factory(SECRET_KEY="dev")
    assert app.config["SECRET_KEY"] == "dev"
    assert "BASTION_REQUIRE_STRONG_SECRET" in caplog.text


# -- loading ----------------------------------------------------------------------


def test_key_from_the_environment(
    monkeypatch: pytest.MonkeyPatch, production: Callable[..., Flask]
) -> None:
    monkeypatch.setenv("SECRET_KEY", STRONG)
    assert production().config["SECRET_KEY"] == STRONG


def test_key_from_a_custom_environment_variable(
    monkeypatch: pytest.MonkeyPatch, production: Callable[..., Flask]
) -> None:
    monkeypatch.setenv("APP_KEY", STRONG)
    assert production(BASTION_SECRET_KEY_ENV="APP_KEY").config["SECRET_KEY"] == STRONG


def test_key_from_a_docker_secret_file(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, production: Callable[..., Flask]
) -> None:
    secret = tmp_path / "secret_key"
    secret.write_text(STRONG + "\n")
    monkeypatch.setenv("APP_KEY_FILE", str(secret))
    assert production(BASTION_SECRET_KEY_ENV="APP_KEY").config["SECRET_KEY"] == STRONG


def test_key_from_the_file_setting(tmp_path: Path, production: Callable[..., Flask]) -> None:
    secret = tmp_path / "key"
    secret.write_text(STRONG)
    assert production(BASTION_SECRET_KEY_FILE=str(secret)).config["SECRET_KEY"] == STRONG


def test_an_unreadable_key_file_names_the_setting(
    tmp_path: Path, production: Callable[..., Flask]
) -> None:
    with pytest.raises(ConfigurationError) as caught:
        production(BASTION_SECRET_KEY_FILE=str(tmp_path / "absent"))
    assert caught.value.setting == "BASTION_SECRET_KEY_FILE"


def test_key_from_a_provider(production: Callable[..., Flask]) -> None:
    assert production(BASTION_SECRET_KEY_PROVIDER=lambda: STRONG).config["SECRET_KEY"] == STRONG


def test_a_failing_provider_names_the_setting_not_the_error_text(
    production: Callable[..., Flask],
) -> None:
    def provider() -> str:
        raise RuntimeError("vault token s.abcdef expired")

    with pytest.raises(ConfigurationError) as caught:
        production(BASTION_SECRET_KEY_PROVIDER=provider)
    assert caught.value.setting == "BASTION_SECRET_KEY_PROVIDER"
    assert "s.abcdef" not in str(caught.value)


@pytest.mark.parametrize(
    "provider",
    [
        pytest.param("no_such_module_xyz:load", id="string-not-importable"),
        pytest.param("secrets:DEFAULT_ENTROPY", id="string-not-callable"),
        pytest.param(42, id="int"),
    ],
)
def test_a_provider_that_is_not_callable_is_refused(
    provider: object, production: Callable[..., Flask]
) -> None:
    with pytest.raises(ConfigurationError) as caught:
        production(BASTION_SECRET_KEY_PROVIDER=provider)
    assert caught.value.setting == "BASTION_SECRET_KEY_PROVIDER"


def test_a_provider_named_by_import_string(production: Callable[..., Flask]) -> None:
    app = production(BASTION_SECRET_KEY_PROVIDER="secrets:token_urlsafe")
    assert len(app.config["SECRET_KEY"]) == 43  # token_urlsafe()'s 32 random bytes


def test_precedence_config_then_provider_then_file_then_environment(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, production: Callable[..., Flask]
) -> None:
    keys = [secrets.token_urlsafe(32) for _ in range(4)]
    secret = tmp_path / "key"
    secret.write_text(keys[2])
    monkeypatch.setenv("SECRET_KEY", keys[3])
    provider = lambda: keys[1]  # noqa: E731
    loaded = production(
        SECRET_KEY=keys[0], BASTION_SECRET_KEY_PROVIDER=provider, BASTION_SECRET_KEY_FILE=secret
    )
    assert loaded.config["SECRET_KEY"] == keys[0]
    loaded = production(BASTION_SECRET_KEY_PROVIDER=provider, BASTION_SECRET_KEY_FILE=secret)
    assert loaded.config["SECRET_KEY"] == keys[1]
    assert production(BASTION_SECRET_KEY_FILE=secret).config["SECRET_KEY"] == keys[2]


def test_fallbacks_from_the_environment(
    monkeypatch: pytest.MonkeyPatch, production: Callable[..., Flask]
) -> None:
    old = [secrets.token_urlsafe(32), secrets.token_urlsafe(32)]
    monkeypatch.setenv("SECRET_KEY", STRONG)
    monkeypatch.setenv("SECRET_KEY_FALLBACKS", f"{old[0]}, {old[1]}")
    app = production()
    assert app.config["SECRET_KEY_FALLBACKS"] == old
    assert signing_keys(app) == [STRONG, *old]


def test_fallbacks_from_a_file(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, production: Callable[..., Flask]
) -> None:
    old = [secrets.token_urlsafe(32), secrets.token_urlsafe(32)]
    path = tmp_path / "fallbacks"
    path.write_text("\n".join(old) + "\n")
    monkeypatch.setenv("SECRET_KEY_FALLBACKS_FILE", str(path))
    assert production(SECRET_KEY=STRONG).config["SECRET_KEY_FALLBACKS"] == old


# -- rotation ---------------------------------------------------------------------


@pytest.fixture
def session_app(app_factory: Callable[..., Flask]) -> Callable[..., Flask]:
    """Apps that log "ada" in at /login and say who is logged in at /me."""

    def build(key: str, fallbacks: list[str] | None = None) -> Flask:
        app = app_factory(guard=False, SECRET_KEY=key, SECRET_KEY_FALLBACKS=fallbacks or [])

        @app.get("/login")
        def login() -> str:
            session["user"] = "ada"
            return "in"

        @app.get("/me")
        def me() -> str:
            return str(session.get("user", "anonymous"))

        Bastion(app)
        return app

    return build


def _cookie_from(app: Flask) -> str:
    client = app.test_client()
    client.get("/login")
    cookie = client.get_cookie("session")
    assert cookie is not None
    return cookie.value


def test_a_session_signed_with_the_old_key_survives_rotation(
    session_app: Callable[..., Flask],
) -> None:
    old, new = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    cookie = _cookie_from(session_app(old))
    client = session_app(new, fallbacks=[old]).test_client()
    client.set_cookie("session", cookie)
    assert client.get("/me").text == "ada"


def test_a_session_signed_with_an_unknown_key_is_refused(session_app: Callable[..., Flask]) -> None:
    forged = _cookie_from(session_app(secrets.token_urlsafe(32)))
    client = session_app(secrets.token_urlsafe(32), [secrets.token_urlsafe(32)]).test_client()
    client.set_cookie("session", forged)
    assert client.get("/me").text == "anonymous"


def test_after_the_fallback_is_dropped_the_old_session_ends(
    session_app: Callable[..., Flask],
) -> None:
    old, new = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    cookie = _cookie_from(session_app(old))
    client = session_app(new).test_client()
    client.set_cookie("session", cookie)
    assert client.get("/me").text == "anonymous"


# -- bastion keygen -----------------------------------------------------------------


def test_keygen_prints_a_key_the_guard_accepts() -> None:
    result = CliRunner().invoke(main, ["keygen"])
    assert result.exit_code == 0
    key = result.output.strip()
    assert weakness(key) is None
    assert len(key) >= 64  # 48 random bytes, base64url
    assert CliRunner().invoke(main, ["keygen"]).output.strip() != key


def test_keygen_refuses_fewer_than_32_bytes() -> None:
    result = CliRunner().invoke(main, ["keygen", "--bytes", "16"])
    assert result.exit_code == 2
    assert "16" in result.output


def test_keygen_under_flask_bastion(app_factory: Callable[..., Flask]) -> None:
    result = app_factory().test_cli_runner().invoke(flask_group, ["keygen"])
    assert result.exit_code == 0 and weakness(result.output.strip()) is None


def test_keygen_console_script_in_a_real_process() -> None:
    script = Path(sys.executable).with_name("bastion")
    done = subprocess.run(
        [str(script), "keygen", "--bytes", "64"], capture_output=True, text=True, check=True
    )
    key = done.stdout.strip()
    assert len(key) == 86 and weakness(key) is None
