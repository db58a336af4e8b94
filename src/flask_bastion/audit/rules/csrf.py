"""FB3xx: CSRF protection (M06) — missing, disabled, exempted, or forms without a token."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator

from ..engine import ModuleContext, TemplateContext
from ..finding import Confidence, Evidence, Finding, Location, Severity
from ..model import Extension, FlaskModel, Route, literal
from ..project import Project, PythonFile, iter_subtree
from ..registry import Scope, rule
from ._common import function_calls, is_test_path, truthy

CSRF_GUARDS = ("Bastion", "CSRFProtect", "SeaSurf", "Security")
_FORM = re.compile(r"<form\b[^>]*>", re.IGNORECASE)
_POST = re.compile(r"""method\s*=\s*["']?post""", re.IGNORECASE)
_FORM_END = re.compile(r"</form\s*>", re.IGNORECASE)
_TOKEN = re.compile(
    r"csrf|hidden_tag|quick_form|render_form|form\.hidden|_token|\{%\s*include"
    r"|\{\{\s*(?!url_for\b|_\(|gettext\b|ngettext\b)\w+\(",
    re.IGNORECASE,
)
_EXTERNAL = re.compile(r"""action\s*=\s*["']?(?:https?:)?//""", re.IGNORECASE)


def active_guard(model: FlaskModel) -> Extension | None:
    """The installed app-wide CSRF check, unless configuration switches it off."""
    guard = model.extension(*CSRF_GUARDS)
    if guard is None:
        return None
    off_keys = {"CSRFProtect": "WTF_CSRF_ENABLED", "Bastion": "BASTION_CSRF"}
    key = off_keys.get(guard.name)
    if key and any(v.value is False for v in model.config_values(key, production_only=True)):
        return None
    return guard


def _validates_form(route: Route) -> bool:
    """A view that validates a Flask-WTF form gets its per-form CSRF check."""
    if route.function is None:
        return False
    for call in function_calls(route.function):
        func = call.func
        if isinstance(func, ast.Attribute) and func.attr in ("validate_on_submit", "validate"):
            return True
    return False


def _json_only(route: Route) -> bool:
    """A view reading only ``request.get_json()`` / ``request.json`` answers 415 to a
    cross-site form post (a form cannot send JSON without a CORS preflight)."""
    if route.function is None:
        return False
    reads_json = forced = reads_form = False
    for node in iter_subtree(route.function):
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
            if node.value.id != "request":
                continue
            if node.attr in ("json", "get_json"):
                reads_json = True
            elif node.attr in ("form", "values", "files", "data", "get_data", "args"):
                reads_form = reads_form or node.attr != "args"
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "get_json"
            and any(k.arg == "force" and literal(k.value) is True for k in node.keywords)
        ):
            forced = True  # force=True parses text/plain bodies a form can send
    return reads_json and not reads_form and not forced


def _is_token_api(route: Route) -> bool:
    """Bearer-token APIs carry no cookie-borne credential: CSRF does not apply."""
    words = ("jwt_required", "token_required", "token_auth", "api_key")
    return any(w in d.lower() for d in route.decorators for w in words)


@rule(
    "FB300",
    "csrf-protection-missing",
    "A state-changing route has no CSRF protection",
    severity=Severity.HIGH,
    confidence=Confidence.MEDIUM,
    cwe=[352],
    mitigation="M06",
    fix="Install Bastion (or flask_wtf.CSRFProtect(app)) to check every state-changing request.",
    scope=Scope.PROJECT,
)
def csrf_protection_missing(project: Project) -> Iterator[Finding | Evidence]:
    """## What it does
    Finds routes accepting POST, PUT, PATCH or DELETE in a project that keeps
    users in a session (``flask.session``, Flask-Login, HTTP auth) where no
    app-wide CSRF protection is installed (views that read only JSON with
    ``request.get_json()`` are skipped: a cross-site form cannot send JSON) (Bastion, Flask-WTF's
    ``CSRFProtect``, SeaSurf, Flask-Security) and the view does not validate
    a Flask-WTF form (which checks its own token).

    ## Why is this bad?
    Any site a logged-in user visits can submit forms to these routes with
    the user's cookies: change the password, delete data, move money.

    ## Example
    ```python
    @app.route("/notes/<int:id>/delete", methods=["POST"])
    def delete(id): ...
    ```

    ## Use instead
    ```python
    csrf = CSRFProtect(app)
    ```

    ## References
    - CWE-352: Cross-Site Request Forgery
    - https://flask-wtf.readthedocs.io/en/stable/csrf.html
    """
    model: FlaskModel = project.model
    guard = active_guard(model)
    if guard is not None:
        yield csrf_protection_missing.evidence(
            f"{guard.name} checks CSRF on every state-changing request", guard.location
        )
        return
    if not model.uses_sessions:
        return  # no cookie-borne identity: a forged request carries nothing to abuse
    for route in model.state_changing_routes():
        if is_test_path(route.path) or _is_token_api(route) or _json_only(route):
            continue
        if _validates_form(route):
            yield csrf_protection_missing.evidence(
                "the view validates a Flask-WTF form (per-form CSRF token)", route.location
            )
            continue
        methods = "/".join(sorted(route.methods & {"POST", "PUT", "PATCH", "DELETE"}))
        yield csrf_protection_missing.finding(
            f"{methods} {route.rule} changes state with no CSRF protection", route.location
        )


@rule(
    "FB301",
    "csrf-disabled-in-config",
    "CSRF protection is switched off in configuration",
    severity=Severity.HIGH,
    confidence=Confidence.HIGH,
    cwe=[352],
    mitigation="M06",
    fix="Remove WTF_CSRF_ENABLED = False outside test configuration.",
    scope=Scope.PROJECT,
)
def csrf_disabled_in_config(project: Project) -> Iterator[Finding]:
    """## What it does
    Finds ``WTF_CSRF_ENABLED = False``, ``WTF_CSRF_CHECK_DEFAULT = False``,
    ``CSRF_DISABLE = True`` or ``BASTION_CSRF = False`` outside test
    configuration, and Flask-WTF forms that turn their token off
    (``class Meta: csrf = False``, ``Form(meta={"csrf": False})``), except
    forms filled inside CLI commands (``@app.cli.command``), where no browser is.

    ## Why is this bad?
    The protection is installed but does nothing: every form can be forged
    from another site.

    ## Example
    ```python
    app.config["WTF_CSRF_ENABLED"] = False
    ```

    ## Use instead
    ```python
    class TestingConfig(Config):
        WTF_CSRF_ENABLED = False   # tests only
    ```

    ## References
    - CWE-352: Cross-Site Request Forgery
    """
    model: FlaskModel = project.model
    for key, bad in (
        ("WTF_CSRF_ENABLED", False),
        ("WTF_CSRF_CHECK_DEFAULT", False),
        ("BASTION_CSRF", False),
        ("CSRF_DISABLE", True),
        ("CSRF_ENABLED", False),
    ):
        for v in model.config_values(key, production_only=True):
            if is_test_path(v.location.path):
                continue
            if truthy(v.value) is bad:
                yield csrf_disabled_in_config.finding(
                    f"{key} = {v.value!r} turns CSRF protection off", v.location
                )
    for file in project.python_files:
        if not is_test_path(file.path):
            for node in _form_csrf_off(file):
                yield csrf_disabled_in_config.finding(
                    "a form turns its CSRF token off (meta csrf=False)",
                    Location(file.path, node.lineno, node.col_offset + 1),
                )


def _form_csrf_off(file: PythonFile) -> Iterator[ast.stmt | ast.expr]:
    """``class Meta: csrf = False`` in a form, or ``Form(meta={"csrf": False})``."""
    for cls in file.nodes(ast.ClassDef):
        if cls.name != "Meta":
            continue
        for stmt in cls.body:
            if not isinstance(stmt, ast.Assign) or literal(stmt.value) is not False:
                continue
            if any(isinstance(t, ast.Name) and t.id == "csrf" for t in stmt.targets):
                yield stmt
    for call in file.nodes(ast.Call):
        for kw in call.keywords:
            if kw.arg == "meta" and isinstance(kw.value, ast.Dict):
                meta = literal(kw.value)
                if isinstance(meta, dict) and meta.get("csrf") is False and not _in_cli(file, call):
                    yield call


_CLI_DECORATORS = frozenset({"command", "group", "cli_command"})


def _in_cli(file: PythonFile, node: ast.AST) -> bool:
    """A form filled by a CLI command (``@click.command``, ``@app.cli.command``): no
    browser, no cookie, nothing for a CSRF token to protect."""
    parent = file.parent(node)
    while parent is not None:
        if isinstance(parent, ast.FunctionDef | ast.AsyncFunctionDef):
            names = [
                ast.unparse(d.func if isinstance(d, ast.Call) else d).rsplit(".", 1)[-1]
                for d in parent.decorator_list
            ]
            if any(n in _CLI_DECORATORS for n in names):
                return True
        parent = file.parent(parent)
    return False


@rule(
    "FB302",
    "csrf-exempt-route",
    "A route is exempted from CSRF protection",
    severity=Severity.LOW,
    confidence=Confidence.MEDIUM,
    cwe=[352],
    mitigation="M06",
    fix="Keep exemptions only for token-authenticated APIs or signed webhooks.",
    scope=Scope.MODULE,
)
def csrf_exempt_route(ctx: ModuleContext) -> Iterator[Finding | Evidence]:
    """## What it does
    Finds ``@csrf.exempt`` decorators and ``csrf.exempt(view_or_blueprint)``
    calls (Flask-WTF, SeaSurf, Bastion's ``csrf_exempt``). A view that checks a
    header token with ``compare_digest`` and never uses the cookie session or the
    logged-in user (a webhook, a sync API) is not reported.

    ## Why is this bad?
    An exempted cookie-authenticated route can be triggered from any site.
    Exemptions are sometimes right (signed webhooks), so each one should be
    reviewed and suppressed with its reason.

    ## Example
    ```python
    @csrf.exempt
    @app.post("/transfer")
    def transfer(): ...
    ```

    ## Use instead
    ```python
    @app.post("/transfer")
    def transfer(): ...   # token sent by the form or X-CSRFToken header
    ```

    ## References
    - CWE-352: Cross-Site Request Forgery
    """
    if is_test_path(ctx.file.path):
        return
    guards = _csrf_objects(ctx)
    for fn in ctx.nodes(ast.FunctionDef) + ctx.nodes(ast.AsyncFunctionDef):  # type: ignore[operator]
        for deco in fn.decorator_list:
            target = deco.func if isinstance(deco, ast.Call) else deco
            name = ctx.qualname(target) or ""
            if _is_exempt(name, guards) and _token_authenticated(ctx, fn):
                yield csrf_exempt_route.evidence(
                    f"{fn.name} is exempt but checks a header token and uses no cookie session",
                    ctx.location(deco),
                )
            elif _is_exempt(name, guards):
                yield csrf_exempt_route.finding(
                    f"{fn.name} is exempted from CSRF protection", ctx.location(deco)
                )
    for call in ctx.nodes(ast.Call):
        name = ctx.call_name(call)
        if _is_exempt(name, guards) and call.args:
            parent = ctx.parent(call)
            if isinstance(parent, (ast.FunctionDef, ast.AsyncFunctionDef)):
                continue  # the decorator form, reported above
            yield csrf_exempt_route.finding(
                "a view or blueprint is exempted from CSRF protection", ctx.location(call)
            )


_SESSION_USE = ("session", "current_user", "g.user", "login_required", "auth_required")


def _token_authenticated(ctx: ModuleContext, fn: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    """A webhook or sync API: the view compares a request header with a secret
    (``compare_digest(request.headers[...], ...)``) and never touches the cookie session
    or the logged-in user. A browser cannot be made to send that header cross-site, so
    there is nothing for CSRF to ride on."""
    lines = ctx.file.source.splitlines()
    first = min([fn.lineno, *(d.lineno for d in fn.decorator_list)])
    text = "\n".join(lines[first - 1 : fn.end_lineno or fn.lineno])
    if "headers" not in text or any(word in text for word in _SESSION_USE):
        return False
    return any(
        isinstance(n, ast.Call) and ctx.call_name(n).endswith("compare_digest")
        for n in iter_subtree(fn)
    )


def _csrf_objects(ctx: ModuleContext) -> set[str]:
    """Local names bound to a CSRF extension (``protect = CSRFProtect(app)``)."""
    out = set()
    for node in ctx.nodes(ast.Assign):
        if isinstance(node.value, ast.Call):
            name = ctx.call_name(node.value).rsplit(".", 1)[-1]
            if name in ("CSRFProtect", "CsrfProtect", "SeaSurf", "Bastion"):
                out |= {t.id for t in node.targets if isinstance(t, ast.Name)}
    return out


def _is_exempt(name: str, guards: set[str]) -> bool:
    if name.endswith("csrf_exempt"):
        return True
    receiver, _, attr = name.rpartition(".")
    return attr == "exempt" and ("csrf" in receiver.lower() or receiver in guards)


@rule(
    "FB303",
    "form-without-csrf-token",
    "An HTML form posts without a CSRF token",
    severity=Severity.MEDIUM,
    confidence=Confidence.MEDIUM,
    cwe=[352],
    mitigation="M06",
    fix='Add <input type="hidden" name="csrf_token" value="{{ csrf_token() }}"> to the form.',
    scope=Scope.TEMPLATE,
)
def form_without_csrf_token(ctx: TemplateContext) -> Iterator[Finding | Evidence]:
    """## What it does
    Finds ``<form method="post">`` elements in templates with no CSRF token
    inside (``csrf_token()``, ``form.hidden_tag()``, ``form.csrf_token``, a
    macro or include that renders the form), in projects that use sessions
    and have no app-wide CSRF check. Forms posting to another site are
    skipped.

    ## Why is this bad?
    Without the token the server cannot tell the user's own submission from
    one forged by another site (or, with CSRF protection on, the form is
    simply broken).

    ## Example
    ```html
    <form method="post"><button>Delete</button></form>
    ```

    ## Use instead
    ```html
    <form method="post">
      <input type="hidden" name="csrf_token" value="{{ csrf_token() }}">
      <button>Delete</button>
    </form>
    ```

    ## References
    - CWE-352: Cross-Site Request Forgery
    """
    model = ctx.model
    if is_test_path(ctx.template.path):
        return
    if not model.uses_sessions or active_guard(model) is not None:
        return  # nothing to forge, or the app-wide check covers token-less forms
    source = ctx.template.source
    for match in _FORM.finditer(source):
        tag = match.group(0)
        if not _POST.search(tag) or _EXTERNAL.search(tag):
            continue
        end = _FORM_END.search(source, match.end())
        body = source[match.end() : end.start() if end else len(source)]
        line = source.count("\n", 0, match.start()) + 1
        where = Location(ctx.template.path, line)
        if _TOKEN.search(body) or "csrf" in tag.lower():
            yield form_without_csrf_token.evidence("the form carries a CSRF token", where)
            continue
        yield form_without_csrf_token.finding("a POST form without a CSRF token", where)
