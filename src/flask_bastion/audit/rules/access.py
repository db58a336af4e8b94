"""FB8xx: authentication coverage (M19), brute-force limits (M22), secrets in logs (M20)."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator

from ..engine import ModuleContext
from ..finding import Confidence, Evidence, Finding, Severity
from ..model import FlaskModel, Route, literal
from ..project import Project, iter_subtree
from ..registry import Scope, rule
from ._common import (
    DESTRUCTIVE_WORDS,
    SENSITIVE_WORDS,
    is_auth_decorator,
    is_login_route,
    is_test_path,
)

PUBLIC_WORDS = ("login", "logout", "signin", "sign_in", "static", "health", "reset")
LIMIT_DECORATORS = ("limit", "shared_limit", "login_rate_limit", "ratelimit", "rate_limit")
LOG_METHODS = frozenset(
    {"debug", "info", "warning", "warn", "error", "exception", "critical", "log"}
)
SECRET_NAME = re.compile(
    r"(?:^|_)(password|passwd|pwd|passphrase|secret|token|api_?key|apikey|credentials?|cvv|ssn)(?:$|_)"
)
REQUEST_BODIES = (
    "form",
    "json",
    "data",
    "get_json",
    "values",
    "cookies",
    "headers",
    "authorization",
)


def _limited(route: Route) -> bool:
    return any(d.rsplit(".", 1)[-1] in LIMIT_DECORATORS for d in route.decorators)


@rule(
    "FB800",
    "login-without-rate-limit",
    "A login route has no rate limit",
    severity=Severity.MEDIUM,
    confidence=Confidence.MEDIUM,
    cwe=[307],
    mitigation="M22",
    fix='Decorate it with @limiter.limit("5 per minute") (or Bastion\'s login_rate_limit).',
    scope=Scope.PROJECT,
)
def login_without_rate_limit(project: Project) -> Iterator[Finding | Evidence]:
    """## What it does
    Finds routes that accept POST and look like authentication (``login``,
    ``signin``, ``authenticate``, password reset, token and OTP endpoints,
    by URL or function name) with no
    rate-limit decorator, when neither Bastion nor a ``Limiter`` with
    default limits is installed.

    ## Why is this bad?
    Without a limit, passwords fall to online guessing and credential
    stuffing at thousands of tries a minute.

    ## Example
    ```python
    @app.route("/login", methods=["GET", "POST"])
    def login(): ...
    ```

    ## Use instead
    ```python
    @app.route("/login", methods=["GET", "POST"])
    @limiter.limit("5 per minute")
    def login(): ...
    ```

    ## References
    - CWE-307: Improper Restriction of Excessive Authentication Attempts
    """
    model: FlaskModel = project.model
    bastion = model.extension("Bastion")
    limiter = model.extension("Limiter")
    default_limits = limiter is not None and limiter.keyword("default_limits") is not None
    for route in model.routes:
        if not is_login_route(route) or is_test_path(route.path):
            continue
        if _limited(route) or route.owner in model.rate_limited:
            yield login_without_rate_limit.evidence(
                "the login route is rate-limited", route.location
            )
        elif bastion is not None or default_limits:
            ext = bastion or limiter
            assert ext is not None
            yield login_without_rate_limit.evidence(f"{ext.name} limits login", ext.location)
        else:
            yield login_without_rate_limit.finding(
                f"{route.rule} accepts passwords with no rate limit", route.location
            )


def _body_checks_auth(route: Route) -> bool:
    if route.function is None:
        return False
    text = ast.unparse(route.function)
    return any(w in text for w in ("current_user", "g.user", "session[", "session.get(",
                                   "abort(401", "abort(403", "is_admin", "check_auth",
                                   "authorization", "verify_", "login_required"))  # fmt: skip


def _guarded_owners(model: FlaskModel) -> set[str]:
    """Apps/blueprints with a before_request hook that checks authentication."""
    out = set()
    for hook in model.hooks:
        if hook.kind != "before_request":
            continue
        text = ast.unparse(hook.function)
        if any(w in text for w in ("current_user", "g.user", "abort(40", "session", "login")):
            out.add(hook.owner)
    return out


def _is_sensitive(route: Route) -> tuple[bool, bool]:
    bp = route.blueprint
    words = f"{route.rule} {route.endpoint} {(bp.url_prefix or '') if bp else ''}"
    words += f" {bp.name if bp else ''}"
    lower = words.lower()
    return any(w in lower for w in SENSITIVE_WORDS), any(w in lower for w in DESTRUCTIVE_WORDS)


@rule(
    "FB801",
    "sensitive-route-without-auth",
    "A sensitive-looking route does not require login",
    severity=Severity.HIGH,
    confidence=Confidence.MEDIUM,
    cwe=[306, 862],
    mitigation="M19",
    fix="Add @login_required (and a role check) or a before_request guard on the blueprint.",
    scope=Scope.PROJECT,
)
def sensitive_route_without_auth(project: Project) -> Iterator[Finding | Evidence]:
    """## What it does
    Finds routes whose URL, function or blueprint name says ``admin``,
    ``debug``, ``internal``, ``console``, ``shell`` or ``manage`` with no
    authentication decorator, no check in the body and no
    ``before_request`` guard on their blueprint; and destructive routes
    (``delete``, ``remove``, ``reset``...) without one in apps whose other
    routes do require login.

    ## Why is this bad?
    One forgotten decorator on an admin or delete route hands that function
    to everyone on the internet.

    ## Example
    ```python
    @app.route("/admin/users")
    def admin_users(): ...
    ```

    ## Use instead
    ```python
    @app.route("/admin/users")
    @login_required
    @admin_required
    def admin_users(): ...
    ```

    ## References
    - CWE-306: Missing Authentication for Critical Function
    - CWE-862: Missing Authorization
    """
    model: FlaskModel = project.model
    guarded = _guarded_owners(model) | set(model.auth_guarded)
    for owner, where in model.auth_guarded.items():
        yield sensitive_route_without_auth.evidence(
            f"every route of {owner.rsplit('.', 1)[-1]} requires login by default", where
        )
    uses_auth = any(any(is_auth_decorator(d) for d in r.decorators) for r in model.routes)
    for route in model.routes:
        if is_test_path(route.path):
            continue
        if any(is_auth_decorator(d) for d in route.decorators) or route.owner in guarded:
            continue
        sensitive, destructive = _is_sensitive(route)
        if not sensitive and not (destructive and uses_auth):
            continue
        if any(w in f"{route.rule} {route.endpoint}".lower() for w in PUBLIC_WORDS):
            continue  # /admin/login must stay reachable without a login
        if _body_checks_auth(route):
            yield sensitive_route_without_auth.evidence(
                f"{route.rule} checks the user in its body", route.location
            )
            continue
        yield sensitive_route_without_auth.finding(
            f"{route.rule} looks sensitive but requires no login", route.location
        )


def _is_logging_call(ctx: ModuleContext, call: ast.Call) -> bool:
    func = call.func
    if not isinstance(func, ast.Attribute) or func.attr not in LOG_METHODS:
        return False
    receiver = (ctx.qualname(func.value) or "").lower()
    return "log" in receiver or receiver.startswith("logging")


def _body_locals(
    ctx: ModuleContext, call: ast.Call, seen: dict[ast.AST | None, set[str]]
) -> set[str]:
    """Names the enclosing function binds to a whole request body (``body = request.json``).

    Memoised per function in *seen*: a function with many logging calls is walked once.
    """
    fn = ctx.enclosing_function(call)
    if fn in seen:
        return seen[fn]
    out: set[str] = seen.setdefault(fn, set())
    for node in iter_subtree(fn) if fn is not None else ():
        if isinstance(node, ast.Assign) and _whole_body(node.value):
            out |= {t.id for t in node.targets if isinstance(t, ast.Name)}
    return out


def _whole_body(expr: ast.expr) -> bool:
    target = expr.func if isinstance(expr, ast.Call) else expr
    return (
        isinstance(target, ast.Attribute)
        and isinstance(target.value, ast.Name)
        and target.value.id == "request"
        and target.attr in REQUEST_BODIES
    )


def _keyed_access(arg: ast.expr) -> tuple[set[int], str | None]:
    """``request.form[...]`` / ``.get(...)`` nodes (judged by key), and a secret key if any."""
    keyed: set[int] = set()
    for node in _spoken(arg):
        if isinstance(node, ast.Subscript) and _whole_body(node.value):
            keyed.add(id(node.value))
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "get"
            and _whole_body(node.func.value)
        ):
            keyed.add(id(node.func.value))
            key = literal(node.args[0]) if node.args else None
            if isinstance(key, str) and _secret_name(key):
                return keyed, key
    return keyed, None


def _sensitive_arg(arg: ast.expr) -> str | None:
    keyed, secret = _keyed_access(arg)
    if secret:
        return secret
    for node in _spoken(arg):
        if isinstance(node, ast.Constant):
            continue
        name = None
        if isinstance(node, ast.Name):
            name = node.id
        elif isinstance(node, ast.Attribute):
            request_attr = isinstance(node.value, ast.Name) and node.value.id == "request"
            if request_attr and node.attr in REQUEST_BODIES and id(node) not in keyed:
                return f"request.{node.attr}"
            name = node.attr
        elif isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Constant):
            name = node.slice.value if isinstance(node.slice.value, str) else None
        if name and _secret_name(name):
            return name
    return None


_SECRET_HEADERS = frozenset({"authorization", "proxy_authorization", "cookie", "set_cookie"})
"""Headers that carry a credential whatever their value looks like (``Authorization``)."""
_NOT_SECRET_SUFFIXES = ("_id", "_count", "_len", "_length", "_hash", "_expired", "_expiry", "_url")
_DESCRIBING_ATTRS = frozenset(
    {"id", "pk", "uuid", "name", "label", "description", "owner", "user", "username", "email"}
    | {"created", "expires", "expiry", "scope", "scopes", "type", "kind", "prefix", "revoked"}
    | {"is_active", "is_expired", "last_used", "enabled"}
)
"""Attributes that describe a secret-named object without being the secret
(``api_key.name``, ``token.user_id``): logging them is the advice, not the leak."""
_ANSWER_CALLS = frozenset({"bool", "len", "isinstance", "hasattr", "type", "callable"})


def _spoken(arg: ast.expr) -> Iterator[ast.AST]:
    """The nodes of a log argument whose value may be written, without the parts that
    only answer a question about a value (see :func:`_says_nothing`)."""
    stack: list[ast.AST] = [arg]
    while stack:
        node = stack.pop()
        if _says_nothing(node):
            continue
        yield node
        stack.extend(ast.iter_child_nodes(node))


def _secret_name(name: str) -> bool:
    """``password``, ``auth_token``, the ``X-Api-Key`` and ``Authorization`` headers."""
    low = name.lower().replace("-", "_")
    if low in _SECRET_HEADERS:
        return True
    return bool(SECRET_NAME.search(low)) and not low.endswith(_NOT_SECRET_SUFFIXES)


def _says_nothing(node: ast.AST) -> bool:
    """A part of a log argument that reveals no secret, whatever it names: a comparison
    (``"Authorization" in request.headers`` is a boolean), ``len(token)``, or a describing
    attribute of a secret-named object (``api_key.name``, ``token.user_id``)."""
    if isinstance(node, ast.Compare):
        return True
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
        return node.func.id in _ANSWER_CALLS
    if isinstance(node, ast.Attribute) and not _secret_name(node.attr):
        low = node.attr.lower()
        return low in _DESCRIBING_ATTRS or low.endswith((*_NOT_SECRET_SUFFIXES, "_at"))
    return False


@rule(
    "FB802",
    "sensitive-data-logged",
    "Passwords, tokens or request bodies are written to logs",
    severity=Severity.MEDIUM,
    confidence=Confidence.MEDIUM,
    cwe=[532],
    mitigation="M20",
    fix="Log the event and the user id, never the password, token or raw request body.",
    scope=Scope.MODULE,
)
def sensitive_data_logged(ctx: ModuleContext) -> Iterator[Finding | Evidence]:
    """## What it does
    Finds logging calls (``logger.info``, ``app.logger.debug``,
    ``logging.warning``...) whose arguments contain a variable, attribute or
    key named like a password, token, secret or API key, or the raw request
    body (``request.form``, ``request.json``, ``request.data``,
    ``request.headers``, ``request.cookies``), and the credential headers
    (``Authorization``, ``Cookie``, ``X-Api-Key``, ``request.authorization``).
    Booleans and lengths (``"Authorization" in request.headers``) and describing
    attributes of secret-named objects (``api_key.name``, ``token.user_id``) are
    not reported.

    ## Why is this bad?
    Logs are copied to many places and read by many people; credentials in
    them turn a log leak into an account takeover.

    ## Example
    ```python
    log.info("login %s with password %s", email, password)
    ```

    ## Use instead
    ```python
    log.info("login attempt for user %s", user_id)
    ```

    ## References
    - CWE-532: Insertion of Sensitive Information into Log File
    """
    if is_test_path(ctx.file.path):
        return
    bodies_by_function: dict[ast.AST | None, set[str]] = {}
    for call in ctx.nodes(ast.Call):
        if ctx.call_name(call).endswith("security_event"):
            yield sensitive_data_logged.evidence(
                "security events are logged through Bastion (redacted)", ctx.location(call)
            )
            continue
        if not _is_logging_call(ctx, call):
            continue
        bodies = _body_locals(ctx, call, bodies_by_function)
        for arg in [*call.args, *(k.value for k in call.keywords if k.arg != "exc_info")]:
            what = _sensitive_arg(arg) or next(
                (f"the request body ({n.id})" for n in iter_subtree(arg)
                 if isinstance(n, ast.Name) and n.id in bodies),
                None,
            )  # fmt: skip
            if what:
                yield sensitive_data_logged.finding(
                    f"{what} is written to the log", ctx.location(call)
                )
                break


ADMIN_VIEW_BASES = ("ModelView", "BaseView", "FileAdmin", "ModelRestApi")
ACCESS_HOOKS = frozenset({"is_accessible", "_handle_view", "is_visible_and_accessible"})


def _class_index(project: Project) -> dict[str, ast.ClassDef]:
    """Class name -> definition across the project (admin views live in their own modules)."""
    out: dict[str, ast.ClassDef] = {}
    for file in project.python_files:
        for cls in file.nodes(ast.ClassDef):
            out.setdefault(cls.name, cls)
    return out


def _guards_access(name: str, classes: dict[str, ast.ClassDef], depth: int = 0) -> bool:
    cls = classes.get(name)
    if cls is None or depth > 8:
        return False
    if any(
        isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)) and stmt.name in ACCESS_HOOKS
        for stmt in cls.body
    ):
        return True
    return any(
        _guards_access(base.id if isinstance(base, ast.Name) else getattr(base, "attr", ""),
                       classes, depth + 1)
        for base in cls.bases
    )  # fmt: skip


@rule(
    "FB803",
    "admin-view-without-access-check",
    "A Flask-Admin view is registered without an access check",
    severity=Severity.HIGH,
    confidence=Confidence.MEDIUM,
    cwe=[306, 862],
    mitigation="M19",
    fix="Subclass the view and define is_accessible() (e.g. current_user.is_admin).",
    scope=Scope.MODULE,
)
def admin_view_without_access_check(ctx: ModuleContext) -> Iterator[Finding]:
    """## What it does
    Finds ``admin.add_view(...)`` (Flask-Admin) with a view that neither it
    nor any of its project base classes protects with ``is_accessible()``
    (or ``_handle_view``) — including plain ``ModelView(User, db.session)``.

    ## Why is this bad?
    Flask-Admin views are public by default: ``/admin/user/`` lists, edits
    and deletes every row for anyone who finds the URL.

    ## Example
    ```python
    admin.add_view(ModelView(User, db.session))
    ```

    ## Use instead
    ```python
    class AdminOnly(ModelView):
        def is_accessible(self):
            return current_user.is_authenticated and current_user.is_admin

    admin.add_view(AdminOnly(User, db.session))
    ```

    ## References
    - CWE-306: Missing Authentication for Critical Function
    - https://flask-admin.readthedocs.io/en/latest/introduction/#authorization-permissions
    """
    if is_test_path(ctx.file.path) or "flask_admin" not in ctx.file.source:
        return
    classes: dict[str, ast.ClassDef] | None = None
    for call in ctx.nodes(ast.Call):
        func = call.func
        if not isinstance(func, ast.Attribute) or func.attr not in ("add_view", "add_views"):
            continue
        for view in call.args:
            if not isinstance(view, ast.Call):
                continue
            name = ctx.call_name(view)
            short = name.rsplit(".", 1)[-1]
            if name.startswith("flask_admin") and short in ADMIN_VIEW_BASES:
                guarded = False
            else:
                classes = classes if classes is not None else _class_index(ctx.project)
                if short not in classes:
                    continue  # a view the auditor cannot see: assume its author guarded it
                guarded = _guards_access(short, classes)
            if not guarded:
                yield admin_view_without_access_check.finding(
                    f"{short} is served by Flask-Admin without is_accessible()",
                    ctx.location(view),
                )
