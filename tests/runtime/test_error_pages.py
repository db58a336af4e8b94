"""M08: generic HTML/JSON error pages with an id; the details stay in the log."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from flask import Flask, abort, got_request_exception, request
from werkzeug.exceptions import HTTPException, TooManyRequests

from flask_bastion import Bastion, ConfigurationError

LEAK = "leak-marker-7f3a"
JSON = {"Accept": "application/json"}
Factory = Callable[..., Flask]


def _views(app: Flask) -> Flask:
    @app.get("/boom")
    def boom() -> str:
        raise ValueError(f"database password is {LEAK}")

    @app.get("/denied")
    def denied() -> str:
        abort(403, f"user 42 may not see {LEAK}")

    @app.get("/slow-down")
    def slow_down() -> str:
        raise TooManyRequests(retry_after=30)

    @app.get("/only-get")
    def only_get() -> str:
        return "ok"

    return app


@pytest.fixture
def make(app_factory: Factory) -> Factory:
    def build(**config: object) -> Flask:
        app = _views(app_factory(guard=False, **config))
        Bastion(app)
        return app

    return build


def _error_id(text: str) -> str:
    match = re.search(r"Reference: <code>([0-9a-f]{16})</code>", text)
    assert match, text
    return match.group(1)


@pytest.mark.parametrize(
    ("path", "code", "title"),
    [
        pytest.param(f"/{LEAK}", 404, "Not Found", id="404"),
        pytest.param("/denied", 403, "Forbidden", id="403-with-description"),
        pytest.param("/boom", 500, "Internal Server Error", id="500-unhandled"),
    ],
)
def test_html_page_is_generic(make: Factory, path: str, code: int, title: str) -> None:
    response = make().test_client().get(path)
    assert response.status_code == code
    assert response.mimetype == "text/html"
    assert title in response.text
    _error_id(response.text)
    for leak in (LEAK, "Traceback", "ValueError", "/denied", "/boom"):
        assert leak not in response.text


@pytest.mark.parametrize(
    ("path", "code", "title"),
    [
        pytest.param(f"/{LEAK}", 404, "Not Found", id="404"),
        pytest.param("/denied", 403, "Forbidden", id="403"),
        pytest.param("/boom", 500, "Internal Server Error", id="500"),
    ],
)
def test_json_by_accept_header(make: Factory, path: str, code: int, title: str) -> None:
    response = make().test_client().get(path, headers=JSON)
    assert response.status_code == code
    body = response.get_json()
    assert set(body) == {"error", "status", "id"}
    assert (body["error"], body["status"]) == (title, code)
    assert re.fullmatch(r"[0-9a-f]{16}", body["id"])
    assert LEAK not in response.text


def test_json_when_the_request_is_json(make: Factory) -> None:
    response = make().test_client().get("/missing", json={"q": 1})
    assert response.get_json()["status"] == 404


def test_browsers_get_html(make: Factory) -> None:
    accept = {"Accept": "text/html,application/xhtml+xml,application/json;q=0.9,*/*;q=0.8"}
    assert make().test_client().get("/missing", headers=accept).mimetype == "text/html"


def test_every_error_gets_its_own_id(make: Factory) -> None:
    client = make().test_client()
    ids = {client.get("/missing", headers=JSON).get_json()["id"] for _ in range(5)}
    assert len(ids) == 5


def test_a_server_error_is_logged_with_id_and_traceback(
    make: Factory, caplog: pytest.LogCaptureFixture
) -> None:
    client = make().test_client()
    with caplog.at_level(logging.INFO, logger="flask_bastion.errors"):
        error_id = client.get("/boom", headers=JSON).get_json()["id"]
    [record] = [r for r in caplog.records if r.name == "flask_bastion.errors"]
    assert record.levelno == logging.ERROR
    assert error_id in record.getMessage() and "/boom" in record.getMessage()
    assert record.exc_info and record.exc_info[0] is ValueError


def test_a_client_error_is_logged_without_traceback(
    make: Factory, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO, logger="flask_bastion.errors"):
        error_id = make().test_client().get("/missing", headers=JSON).get_json()["id"]
    [record] = [r for r in caplog.records if r.name == "flask_bastion.errors"]
    assert record.levelno == logging.INFO and error_id in record.getMessage()
    assert not record.exc_info


@pytest.mark.parametrize(
    ("method", "path", "header", "value"),
    [
        pytest.param("post", "/only-get", "Allow", "GET, HEAD, OPTIONS", id="405-allow"),
        pytest.param("get", "/slow-down", "Retry-After", "30", id="429-retry-after"),
    ],
)
def test_exception_headers_are_kept(
    make: Factory, method: str, path: str, header: str, value: str
) -> None:
    app = make(BASTION_CSRF=False)
    response = getattr(app.test_client(), method)(path)
    assert set(response.headers[header].split(", ")) == set(value.split(", "))
    assert "Reference:" in response.text


def test_an_app_template_is_used(app_factory: Factory, tmp_path: Path) -> None:
    (tmp_path / "errors").mkdir()
    (tmp_path / "errors" / "404.html").write_text("mine {{ code }} {{ title }} {{ error_id }}")
    app = _views(app_factory(guard=False, template_folder=str(tmp_path)))
    Bastion(app)
    text = app.test_client().get("/missing").text
    assert re.fullmatch(r"mine 404 Not Found [0-9a-f]{16}", text)
    assert "Reference:" in app.test_client().get("/denied").text, "403 has no template"


def test_a_custom_template_name(app_factory: Factory, tmp_path: Path) -> None:
    (tmp_path / "oops.html").write_text("oops {{ code }}")
    app = app_factory(template_folder=str(tmp_path), BASTION_ERROR_TEMPLATE="oops.html")
    assert app.test_client().get("/missing").text == "oops 404"


def test_a_broken_app_template_falls_back_to_the_package_page(
    app_factory: Factory, tmp_path: Path
) -> None:
    (tmp_path / "errors").mkdir()
    (tmp_path / "errors" / "404.html").write_text("{{ undefined_function() }}")
    app = app_factory(template_folder=str(tmp_path))
    response = app.test_client().get("/missing")
    assert response.status_code == 404 and "Reference:" in response.text


def test_an_app_handler_registered_before_is_kept(app_factory: Factory) -> None:
    app = _views(app_factory(guard=False))
    app.register_error_handler(404, lambda e: ("my 404", 404))
    app.register_error_handler(HTTPException, lambda e: ("my http error", e.code))
    Bastion(app)
    client = app.test_client()
    assert client.get("/missing").text == "my 404"
    assert client.get("/denied").text == "my http error"
    assert client.get("/boom").status_code == 500


def test_an_app_handler_registered_after_wins(make: Factory) -> None:
    app = make()
    app.register_error_handler(404, lambda e: ("late 404", 404))
    assert app.test_client().get("/missing").text == "late 404"


def test_another_extensions_hook_raising_still_gets_the_page(make: Factory) -> None:
    app = make()

    @app.before_request
    def broken_extension() -> None:
        if request.path == "/only-get":
            raise RuntimeError(f"extension internals {LEAK}")

    response = app.test_client().get("/only-get")
    assert response.status_code == 500 and LEAK not in response.text
    _error_id(response.text)


def test_got_request_exception_still_fires(make: Factory) -> None:
    app = make()
    seen: list[BaseException] = []

    def record(sender: Flask, exception: BaseException, **extra: object) -> None:
        seen.append(exception)

    got_request_exception.connect(record, app)
    try:
        app.test_client().get("/boom")
    finally:
        got_request_exception.disconnect(record, app)
    assert [type(e) for e in seen] == [ValueError]


def test_propagate_exceptions_still_reaches_the_test_runner(make: Factory) -> None:
    app = make(PROPAGATE_EXCEPTIONS=True)
    with pytest.raises(ValueError, match=LEAK):
        app.test_client().get("/boom")


def test_the_page_carries_the_csp_nonce_it_uses(make: Factory) -> None:
    response = make(BASTION_PROFILE="production").test_client().get("https://localhost/missing")
    nonce = re.search(r'<style nonce="([^"]+)">', response.text)
    assert nonce and f"'nonce-{nonce.group(1)}'" in response.headers["Content-Security-Policy"]


def test_switched_off(make: Factory) -> None:
    response = make(BASTION_ERROR_PAGES=False).test_client().get("/denied")
    assert response.status_code == 403 and "Reference:" not in response.text


@pytest.mark.parametrize("value", [None, "", 404])
def test_a_bad_template_setting_is_refused(app_factory: Factory, value: object) -> None:
    with pytest.raises(ConfigurationError) as caught:
        app_factory(BASTION_ERROR_TEMPLATE=value)
    assert caught.value.setting == "BASTION_ERROR_TEMPLATE"
