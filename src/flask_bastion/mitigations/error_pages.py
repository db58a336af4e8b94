"""M08: generic error pages with an error id, never a traceback.

Flask's default pages are harmless, but an app's own handler that returns
``str(e)``, or debug mode, leaks paths, SQL and source. The guard answers
every 4xx/5xx and every unhandled exception with the same generic page
(HTML, or JSON for API clients) carrying a random error id; the id, the
request line and, for 5xx, the traceback go to the ``flask_bastion.errors``
logger, so support can find the log line from what the user reports.

Handlers are registered for the ``HTTPException`` and ``Exception``
*classes*, not per code: Flask looks up code-specific handlers first, so a
handler the app (or another extension) registers for a code keeps winning,
before or after ``Bastion(app)``. A class handler the app registered before
is left alone too.

What this does not protect against: a view that puts secrets into a normal
200 response, or an app handler for a code that leaks.
"""

from __future__ import annotations

import functools
import logging
import secrets
from typing import TYPE_CHECKING, Any

from flask import current_app, got_request_exception, jsonify, render_template, request
from jinja2 import Environment, PackageLoader, TemplateNotFound, select_autoescape
from markupsafe import escape
from werkzeug.exceptions import HTTPException, InternalServerError
from werkzeug.http import HTTP_STATUS_CODES

from ..errors import ConfigurationError
from .headers import csp_nonce

if TYPE_CHECKING:
    from flask import Flask
    from flask.typing import ResponseReturnValue

    from ..extension import BastionState

log = logging.getLogger("flask_bastion.errors")

PACKAGE_TEMPLATE = "bastion/error.html"
_MESSAGES = {
    4: "The request could not be processed. Check the address or go back and try again.",
    5: "Something went wrong on our side. Please try again later.",
}
_BARE_PAGE = (
    "<!doctype html><html lang=en><meta charset=utf-8><title>{code} {title}</title>"
    "<h1>{title}</h1><p>{message}</p><p><small>Reference: <code>{error_id}</code>"
    "</small></p></html>"
)


def install(app: Flask, state: BastionState) -> None:
    """Register the generic handlers unless ``BASTION_ERROR_PAGES`` is off."""
    template = app.config["BASTION_ERROR_TEMPLATE"]
    if not isinstance(template, str) or not template:
        raise ConfigurationError(
            "BASTION_ERROR_TEMPLATE",
            f"expected a template name, got {template!r}",
            'use "errors/{code}.html" ({code} is replaced by the status code)',
        )
    if not app.config["BASTION_ERROR_PAGES"]:
        logging.getLogger("flask_bastion").warning(
            "flask-bastion: BASTION_ERROR_PAGES is off; error responses are the app's own"
        )
        return
    own = app.error_handler_spec[None][None]
    if HTTPException not in own:
        app.register_error_handler(HTTPException, _handle_http)
    if Exception not in own:
        app.register_error_handler(Exception, _handle_unhandled)
    state.components["error_pages"] = template


def _handle_http(error: HTTPException) -> ResponseReturnValue:
    code = error.code
    if code is None or code < 400:  # redirects raised by routing, abort(response)
        return error
    original = getattr(error, "original_exception", None)
    return _respond(code, original if isinstance(original, BaseException) else None, error)


def _handle_unhandled(error: Exception) -> ResponseReturnValue:
    """An exception no one handled: 500, logged with its traceback under the id.

    Under ``PROPAGATE_EXCEPTIONS`` (testing, debug) the exception is re-raised
    so test runners and the development server still see it. Registering for
    ``Exception`` bypasses Flask's ``handle_exception``, so the
    ``got_request_exception`` signal (Sentry and friends listen to it) is
    sent here.
    """
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    propagate = app.config["PROPAGATE_EXCEPTIONS"]
    if propagate is None:
        propagate = app.testing or app.debug
    if propagate:
        raise error
    got_request_exception.send(app, _async_wrapper=app.ensure_sync, exception=error)
    return _respond(500, error, InternalServerError(original_exception=error))


def _respond(
    code: int, cause: BaseException | None, http_error: HTTPException
) -> ResponseReturnValue:
    error_id = secrets.token_hex(8)
    _log(code, error_id, cause)
    title = HTTP_STATUS_CODES.get(code, "Error")
    headers = [(k, v) for k, v in http_error.get_headers() if k.lower() != "content-type"]
    if _wants_json():
        body = jsonify({"error": title, "status": code, "id": error_id})
        return body, code, headers
    return _page(code, title, error_id), code, headers


def _log(code: int, error_id: str, cause: BaseException | None) -> None:
    if code >= 500:
        log.error(
            "error %s: %s %s -> %d",
            error_id,
            request.method,
            request.path,
            code,
            exc_info=(type(cause), cause, cause.__traceback__) if cause else None,
        )
    else:
        log.info("error %s: %s %s -> %d", error_id, request.method, request.path, code)


def _wants_json() -> bool:
    if request.is_json:
        return True
    best = request.accept_mimetypes.best_match(("text/html", "application/json"))
    return best == "application/json"


def _page(code: int, title: str, error_id: str) -> str:
    """The app's template, else the package's, else a bare page that cannot fail."""
    context: dict[str, Any] = {
        "code": code,
        "title": title,
        "error_id": error_id,
        "message": _MESSAGES.get(code // 100, _MESSAGES[4]),
    }
    name = current_app.config["BASTION_ERROR_TEMPLATE"].replace("{code}", str(code))
    try:
        return render_template(name, **context)
    except TemplateNotFound:
        pass
    except Exception:
        log.exception(
            "error %s: the error template %r failed; using the package page", error_id, name
        )
    try:
        page = _package_env().get_template(PACKAGE_TEMPLATE)
        return page.render(nonce=csp_nonce(), **context)
    except Exception:
        log.exception("error %s: the package error page failed; using the bare page", error_id)
        return _BARE_PAGE.format(**{k: escape(v) for k, v in context.items()})


@functools.cache
def _package_env() -> Environment:
    """The package's own templates, independent of the app's loader and globals."""
    return Environment(loader=PackageLoader("flask_bastion"), autoescape=select_autoescape())
