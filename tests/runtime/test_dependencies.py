"""M18: the security floor of the Pallets stack, as data and as a pure check."""

from __future__ import annotations

import logging
import warnings

import pytest

from flask_bastion.mitigations.dependencies import (
    FLOOR,
    Outdated,
    below_floor,
    installed_versions,
)


def test_the_floor_is_todays_floor() -> None:
    assert dict(FLOOR) == {"flask": "3.1.3", "werkzeug": "3.1.6", "jinja2": "3.1.6"}


@pytest.mark.parametrize(
    ("versions", "expected"),
    [
        pytest.param({"flask": "3.1.3", "werkzeug": "3.1.6", "jinja2": "3.1.6"}, [], id="at-floor"),
        pytest.param({"flask": "3.2", "werkzeug": "4.0.0", "jinja2": "3.10.0"}, [], id="above"),
        pytest.param(
            {"flask": "3.1.2"}, [Outdated("flask", "3.1.2", "3.1.3")], id="flask-patch-below"
        ),
        pytest.param(
            {"werkzeug": "2.3.8"},
            [Outdated("werkzeug", "2.3.8", "3.1.6")],
            id="werkzeug-major-below",
        ),
        pytest.param(
            {"jinja2": "3.1.6rc1"},
            [Outdated("jinja2", "3.1.6rc1", "3.1.6")],
            id="pre-release-below",
        ),
        pytest.param({"jinja2": "3.1.6.post1"}, [], id="post-release"),
        pytest.param({"flask": "3.1.3.0"}, [], id="trailing-zero"),
        pytest.param({"flask": "3.1"}, [Outdated("flask", "3.1", "3.1.3")], id="short-version"),
        pytest.param({"flask": "3.1.10"}, [], id="numeric-not-lexical"),
        pytest.param({}, [], id="nothing-installed"),
        pytest.param(
            {"flask": "2.0.0", "werkzeug": "2.0.0", "jinja2": "2.11.3"},
            [
                Outdated("flask", "2.0.0", "3.1.3"),
                Outdated("werkzeug", "2.0.0", "3.1.6"),
                Outdated("jinja2", "2.11.3", "3.1.6"),
            ],
            id="all-below",
        ),
    ],
)
def test_below_floor(versions: dict[str, str], expected: list[Outdated]) -> None:
    assert below_floor(versions) == expected


def test_a_custom_floor() -> None:
    assert below_floor({"flask-login": "0.6.2"}, {"flask-login": "0.6.3"}) == [
        Outdated("flask-login", "0.6.2", "0.6.3")
    ]


def test_this_environment_is_at_or_above_the_floor() -> None:
    versions = installed_versions()
    assert set(versions) == set(FLOOR)
    assert below_floor(versions) == []


def test_start_up_is_silent_at_the_floor(app_factory, caplog: pytest.LogCaptureFixture) -> None:  # type: ignore[no-untyped-def]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with caplog.at_level(logging.WARNING, logger="flask_bastion"):
            app_factory(BASTION_PROFILE="testing")
    assert "security floor" not in caplog.text
