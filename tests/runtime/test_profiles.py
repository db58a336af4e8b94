"""Profiles: production by default; development and testing relax only named settings."""

from __future__ import annotations

import logging
from collections.abc import Callable

import pytest
from flask import Flask

from flask_bastion import Bastion, ConfigurationError, get_state
from flask_bastion.settings import SETTINGS, Profile

RELAXED_BY_PROFILE = {
    "BASTION_COOKIE_SECURE",
    "BASTION_FORCE_HTTPS",
    "BASTION_REQUIRE_STRONG_SECRET",
    "BASTION_FORBID_DEBUG",
}
"""HTTPS- and secret-related switches (debug needs the secret-free dev server)."""

NEVER_RELAXED = (
    "BASTION_COOKIE_HTTPONLY",
    "BASTION_COOKIE_SAMESITE",
    "BASTION_CSRF",
    "BASTION_HEADERS",
    "BASTION_ERROR_PAGES",
    "BASTION_REQUIRE_AUTOESCAPE",
    "BASTION_MAX_CONTENT_LENGTH",
    "BASTION_CHECK_DEPENDENCIES",
)


@pytest.fixture
def make(app_factory: Callable[..., Flask]) -> Callable[..., Flask]:
    """Guarded apps in the production profile unless *config* says otherwise."""

    def build(**config: object) -> Flask:
        return app_factory(**{"BASTION_PROFILE": "production", **config})

    return build


def test_production_is_the_default(app_factory: Callable[..., Flask]) -> None:
    app = app_factory(guard=False)
    del app.config["BASTION_PROFILE"]
    Bastion(app)
    state = get_state(app)
    assert state.profile is Profile.PRODUCTION and state.relaxed == ()
    assert app.config["BASTION_PROFILE"] == "production"
    for setting in SETTINGS:
        if setting.key != "BASTION_PROFILE":
            assert app.config[setting.key] == setting.default, setting.key


@pytest.mark.parametrize("profile", ["development", "testing", "Development", "TESTING"])
def test_other_profiles_relax_exactly_the_named_settings(
    profile: str, make: Callable[..., Flask]
) -> None:
    app = make(BASTION_PROFILE=profile)
    state = get_state(app)
    assert state.profile.value == profile.lower()
    assert set(state.relaxed) == RELAXED_BY_PROFILE
    for key in RELAXED_BY_PROFILE:
        assert app.config[key] is False, key
    for key in NEVER_RELAXED:
        assert app.config[key] == make().config[key], key


def test_every_setting_that_differs_between_profiles_is_marked_relaxing() -> None:
    """So it is logged; ``relaxes`` may also mark keys whose non-default value loosens."""
    for setting in SETTINGS:
        if any(setting.default_for(p) != setting.default for p in Profile):
            assert setting.relaxes, setting.key


def test_relaxations_are_logged_once(
    caplog: pytest.LogCaptureFixture, make: Callable[..., Flask]
) -> None:
    with caplog.at_level(logging.WARNING, logger="flask_bastion"):
        make(BASTION_PROFILE="development")
    lines = [r.getMessage() for r in caplog.records if r.name == "flask_bastion"]
    relaxing = [line for line in lines if "relaxes" in line]
    assert len(relaxing) == 1
    assert all(key in relaxing[0] for key in RELAXED_BY_PROFILE)


def test_production_logs_no_relaxation(
    caplog: pytest.LogCaptureFixture, make: Callable[..., Flask]
) -> None:
    with caplog.at_level(logging.WARNING, logger="flask_bastion"):
        make()
    assert "relaxes" not in caplog.text


def test_an_explicit_value_beats_the_profile(make: Callable[..., Flask]) -> None:
    app = make(BASTION_PROFILE="development", BASTION_COOKIE_SECURE=True)
    assert app.config["BASTION_COOKIE_SECURE"] is True
    assert "BASTION_COOKIE_SECURE" not in get_state(app).relaxed


def test_an_explicit_relaxation_in_production_is_reported(make: Callable[..., Flask]) -> None:
    app = make(BASTION_REQUIRE_STRONG_SECRET=False)
    assert get_state(app).relaxed == ("BASTION_REQUIRE_STRONG_SECRET",)


@pytest.mark.parametrize("profile", ["prod", "staging", "", "debug"])
def test_an_unknown_profile_is_refused(profile: str, make: Callable[..., Flask]) -> None:
    with pytest.raises(ConfigurationError) as caught:
        make(BASTION_PROFILE=profile)
    assert caught.value.setting == "BASTION_PROFILE"
    assert "production, development, testing" in str(caught.value)


def test_two_apps_in_one_process_keep_their_own_settings(make: Callable[..., Flask]) -> None:
    strict = make(BASTION_COOKIE_SAMESITE="Strict", BASTION_MAX_CONTENT_LENGTH=1024)
    relaxed = make(BASTION_PROFILE="development")
    assert get_state(strict).profile is Profile.PRODUCTION
    assert get_state(relaxed).profile is Profile.DEVELOPMENT
    assert strict.config["SESSION_COOKIE_SAMESITE"] == "Strict"
    assert relaxed.config["SESSION_COOKIE_SAMESITE"] == "Lax"
    assert strict.config["SESSION_COOKIE_SECURE"] is True
    assert relaxed.config["SESSION_COOKIE_SECURE"] is False
    assert strict.config["MAX_CONTENT_LENGTH"] == 1024
    assert relaxed.config["MAX_CONTENT_LENGTH"] == 16 * 1024 * 1024
    assert strict.config["SECRET_KEY"] != relaxed.config["SECRET_KEY"]
