"""FB6xx: error handling (M08) — leaky handlers, exception text in responses, no handlers."""

from __future__ import annotations

import ast
from collections.abc import Iterator

from ..engine import ModuleContext, node_location
from ..finding import Confidence, Evidence, Finding, Severity
from ..model import FlaskModel
from ..project import Project
from ..registry import Scope, rule
from ._common import is_test_path

TRACEBACK_CALLS = ("format_exc", "format_exception", "format_tb", "print_exc", "extract_tb")
SERVER_ERROR_KEYS = ("500", "Exception", "InternalServerError", "HTTPException", "BaseException")


_EXCEPTION_ATTRS = frozenset(
    {"args", "message", "__traceback__", "original_exception", "__cause__", "__context__"}
)
"""Attributes of a caught exception that carry its text (``original_exception``: the
error a 500 handler receives wraps the unhandled one)."""
VALIDATION_ERRORS = frozenset(
    {"ValueError", "ValidationError", "BadRequest", "BadRequestKeyError", "HTTPException"}
    | {"InvalidRequestError", "UnprocessableEntity", "JSONDecodeError", "DecodeError"}
)
"""Exceptions whose text describes the client's input, not the server: echoed with a 4xx
status they are a validation message (``invalid literal for int()``), not a leak."""


def _leaks(expr: ast.AST, exc_names: set[str]) -> bool:
    """Does *expr* put exception text or a traceback into a value?"""
    for node in ast.walk(expr):
        if isinstance(node, ast.Call):
            name = ast.unparse(node.func)
            if name.rsplit(".", 1)[-1] in TRACEBACK_CALLS and "traceback" in name:
                return True
            if name in ("str", "repr", "format") and node.args:
                arg = node.args[0]
                if isinstance(arg, ast.Name) and arg.id in exc_names:
                    return True
            if name.rsplit(".", 1)[-1] in ("render_template", "jsonify", "make_response"):
                values = [*node.args[1:], *(k.value for k in node.keywords)]
                if any(isinstance(v, ast.Name) and v.id in exc_names for v in values):
                    return True  # the template (or JSON) prints the exception
        holder = node.value if isinstance(node, (ast.Attribute, ast.FormattedValue)) else None
        names_exception = isinstance(holder, ast.Name) and holder.id in exc_names
        if names_exception and (
            isinstance(node, ast.FormattedValue) or getattr(node, "attr", None) in _EXCEPTION_ATTRS
        ):
            return True
    return False


def _response_exprs(fn: ast.AST) -> Iterator[ast.expr]:
    for node in ast.walk(fn):
        if isinstance(node, ast.Return) and node.value is not None:
            yield node.value
        elif isinstance(node, ast.Call) and ast.unparse(node.func) in ("abort", "flask.abort"):
            yield from node.args[1:]
            yield from (k.value for k in node.keywords if k.arg == "description")


@rule(
    "FB600",
    "error-handler-leaks-exception",
    "An error handler sends exception details to the client",
    severity=Severity.MEDIUM,
    confidence=Confidence.HIGH,
    cwe=[209],
    mitigation="M08",
    fix="Return a generic page with an error id; log the exception server-side.",
    scope=Scope.PROJECT,
)
def error_handler_leaks_exception(project: Project) -> Iterator[Finding | Evidence]:
    """## What it does
    Finds ``errorhandler`` / ``register_error_handler`` functions whose
    response contains ``str(e)``, ``repr(e)``, ``e.args``, an f-string of
    the exception, ``e.original_exception`` (the unhandled error a 500 handler
    receives), or ``traceback.format_exc()``.

    ## Why is this bad?
    Exception text carries file paths, SQL, library versions and sometimes
    secrets: the map for the next attack.

    ## Example
    ```python
    @app.errorhandler(Exception)
    def oops(e):
        return traceback.format_exc(), 500
    ```

    ## Use instead
    ```python
    @app.errorhandler(Exception)
    def oops(e):
        app.logger.exception("unhandled")
        return render_template("500.html"), 500
    ```

    ## References
    - CWE-209: Generation of Error Message Containing Sensitive Information
    """
    model: FlaskModel = project.model
    for handler in model.error_handlers:
        fn = handler.function
        if fn is None or is_test_path(handler.path):
            continue
        exc_names = {a.arg for a in fn.args.args[:1]}
        leaky = [e for e in _response_exprs(fn) if _leaks(e, exc_names)]
        for expr in leaky:
            yield error_handler_leaks_exception.finding(
                f"the {handler.key} handler returns exception details",
                node_location(handler.path, expr),
            )
        if not leaky:
            yield error_handler_leaks_exception.evidence(
                f"a generic handler for {handler.key}", handler.location
            )


@rule(
    "FB601",
    "exception-text-in-response",
    "A view returns exception text to the client",
    severity=Severity.MEDIUM,
    confidence=Confidence.MEDIUM,
    cwe=[209, 497],
    mitigation="M08",
    fix="Log the exception and return a generic message (and an error id).",
    scope=Scope.MODULE,
)
def exception_text_in_response(ctx: ModuleContext) -> Iterator[Finding]:
    """## What it does
    Finds ``except ... as e:`` blocks in route functions that return (or
    ``jsonify``, or ``abort(code, ...)`` with) ``str(e)``, ``e.args``, an
    f-string of ``e`` or a traceback (also from an ``except`` without a name).
    The message of a validation error (``ValueError``, ``ValidationError``,
    ``BadRequest``) sent back with a 4xx status is the client's own input
    described, not a leak, and is not reported.

    ## Why is this bad?
    Database errors, file paths and internal state reach the client, which
    makes injection and enumeration much easier.

    ## Example
    ```python
    except Exception as e:
        return jsonify(error=str(e)), 500
    ```

    ## Use instead
    ```python
    except Exception:
        current_app.logger.exception("import failed")
        return jsonify(error="internal error"), 500
    ```

    ## References
    - CWE-209: Generation of Error Message Containing Sensitive Information
    """
    if is_test_path(ctx.file.path):
        return
    handlers = {id(h.function) for h in ctx.model.error_handlers if h.function is not None}
    views = {id(r.function) for r in ctx.model.routes if r.path == ctx.file.path}
    for fn in [*ctx.nodes(ast.FunctionDef), *ctx.nodes(ast.AsyncFunctionDef)]:
        if id(fn) in handlers or id(fn) not in views:
            continue
        for node in ast.walk(fn):
            if not isinstance(node, ast.ExceptHandler):
                continue
            names = {node.name} if node.name else set()  # a traceback needs no name
            validation = _catches_only(node, VALIDATION_ERRORS)
            for stmt in node.body:
                for sub in ast.walk(stmt):
                    leaky = (
                        isinstance(sub, ast.Return)
                        and sub.value is not None
                        and _leaks(sub.value, names)
                        and not (validation and _client_error(_returned_status(sub.value)))
                    ) or (
                        isinstance(sub, ast.Call)
                        and ast.unparse(sub.func) in ("abort", "flask.abort")
                        and any(_leaks(a, names) for a in sub.args[1:])
                        and not (validation and _client_error(_call_status(sub)))
                    )
                    if leaky:
                        yield exception_text_in_response.finding(
                            "exception details are returned to the client",
                            ctx.location(sub),
                        )


def _catches_only(handler: ast.ExceptHandler, kinds: frozenset[str]) -> bool:
    """``except ValueError`` / ``except (ValueError, ValidationError)``: only those kinds."""
    caught = handler.type
    if caught is None:
        return False
    items = caught.elts if isinstance(caught, ast.Tuple) else [caught]
    return all(ast.unparse(i).rsplit(".", 1)[-1] in kinds for i in items)


def _returned_status(value: ast.expr) -> object:
    """The status of ``return body, 400`` (``None`` when it is not a literal)."""
    if isinstance(value, ast.Tuple) and len(value.elts) >= 2:
        status = value.elts[1]
        return status.value if isinstance(status, ast.Constant) else None
    return None


def _call_status(call: ast.Call) -> object:
    first = call.args[0] if call.args else None
    return first.value if isinstance(first, ast.Constant) else None


def _client_error(status: object) -> bool:
    return isinstance(status, int) and 400 <= status < 500


@rule(
    "FB602",
    "server-error-handler-missing",
    "No generic handler for server errors",
    severity=Severity.LOW,
    confidence=Confidence.LOW,
    cwe=[209, 756],
    mitigation="M08",
    fix="Register @app.errorhandler(500) with a generic page (Bastion does it for every code).",
    scope=Scope.PROJECT,
)
def server_error_handler_missing(project: Project) -> Iterator[Finding | Evidence]:
    """## What it does
    Reports an app that serves pages but has no handler for 500 / ``Exception`` /
    ``InternalServerError``, when Bastion (which registers generic pages
    for every code) is not installed.

    ## Why is this bad?
    Unhandled errors then fall back to framework pages (and, when debug is
    ever on, to the debugger); there is no error id to correlate the user's
    report with the log.

    ## Example
    ```python
    app = Flask(__name__)   # no errorhandler anywhere
    ```

    ## Use instead
    ```python
    @app.errorhandler(500)
    def server_error(e):
        return render_template("500.html"), 500
    ```

    ## References
    - CWE-756: Missing Custom Error Page
    """
    model: FlaskModel = project.model
    bastion = model.extension("Bastion")
    if bastion is not None:
        yield server_error_handler_missing.evidence(
            "Bastion registers generic error pages", bastion.location
        )
        return
    handlers = [h for h in model.error_handlers if h.key in SERVER_ERROR_KEYS]
    if handlers:
        yield server_error_handler_missing.evidence(
            "a server-error handler is registered", handlers[0].location
        )
        return
    if model.apps and model.routes and (model.renders_html or project.templates):
        yield server_error_handler_missing.finding(
            "no handler for 500 / unhandled exceptions", model.apps[0].location
        )
