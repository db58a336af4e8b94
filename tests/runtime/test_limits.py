"""M23: request size and form parsing limits, and the 413 page."""

from __future__ import annotations

import io
from collections.abc import Callable

import pytest
from flask import Flask, request

from flask_bastion import Bastion, ConfigurationError

Factory = Callable[..., Flask]
MIB = 1024 * 1024


def _upload_view(app: Flask) -> Flask:
    @app.post("/upload")
    def upload() -> str:
        return f"{len(request.get_data())} bytes, {len(request.form)} fields"

    return app


def test_defaults_fill_flasks_unset_limits(app_factory: Factory) -> None:
    config = app_factory().config
    assert config["MAX_CONTENT_LENGTH"] == 16 * MIB
    assert config["MAX_FORM_MEMORY_SIZE"] == 500_000
    assert config["MAX_FORM_PARTS"] == 1000


def test_tuned_guard_limits_are_applied(app_factory: Factory) -> None:
    config = app_factory(
        BASTION_MAX_CONTENT_LENGTH=MIB, BASTION_MAX_FORM_MEMORY_SIZE=1000, BASTION_MAX_FORM_PARTS=10
    ).config
    assert (
        config["MAX_CONTENT_LENGTH"],
        config["MAX_FORM_MEMORY_SIZE"],
        config["MAX_FORM_PARTS"],
    ) == (
        MIB,
        1000,
        10,
    )


def test_an_apps_own_limit_is_kept(app_factory: Factory) -> None:
    config = app_factory(MAX_CONTENT_LENGTH=2 * MIB, MAX_FORM_PARTS=50).config
    assert config["MAX_CONTENT_LENGTH"] == 2 * MIB and config["MAX_FORM_PARTS"] == 50


def test_none_leaves_the_limit_to_the_app(app_factory: Factory) -> None:
    assert app_factory(BASTION_MAX_CONTENT_LENGTH=None).config["MAX_CONTENT_LENGTH"] is None


@pytest.mark.parametrize(
    ("key", "value"),
    [
        pytest.param("BASTION_MAX_CONTENT_LENGTH", 0, id="zero"),
        pytest.param("BASTION_MAX_CONTENT_LENGTH", -1, id="negative"),
        pytest.param("BASTION_MAX_FORM_MEMORY_SIZE", "500kb", id="string"),
        pytest.param("BASTION_MAX_FORM_PARTS", True, id="bool"),
    ],
)
def test_bad_limits_are_refused(app_factory: Factory, key: str, value: object) -> None:
    with pytest.raises(ConfigurationError) as caught:
        app_factory(**{key: value})
    assert caught.value.setting == key and key in str(caught.value)


def test_a_too_large_body_is_413_with_the_generic_page(app_factory: Factory) -> None:
    app = _upload_view(
        app_factory(guard=False, BASTION_MAX_CONTENT_LENGTH=1000, BASTION_CSRF=False)
    )
    Bastion(app)
    client = app.test_client()
    assert client.post("/upload", data=b"x" * 1000).text == "1000 bytes, 0 fields"
    response = client.post("/upload", data=b"x" * 1001)
    assert response.status_code == 413 and "Reference:" in response.text
    response = client.post("/upload", data=b"x" * 1001, headers={"Accept": "application/json"})
    assert response.get_json()["status"] == 413


def test_too_many_form_parts_is_413(app_factory: Factory) -> None:
    app = _upload_view(app_factory(guard=False, BASTION_MAX_FORM_PARTS=5, BASTION_CSRF=False))
    Bastion(app)
    client = app.test_client()
    fields = {f"f{i}": (io.BytesIO(b"x"), f"f{i}.txt") for i in range(10)}
    assert (
        client.post("/upload", data=fields, content_type="multipart/form-data").status_code == 413
    )
