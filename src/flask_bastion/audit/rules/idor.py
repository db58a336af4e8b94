"""FB850-FB859: records loaded by a client-chosen id with no ownership check (M12, IDOR).

A view takes an id from its URL or the request, loads a record with it
(``Model.query.get(id)``, ``get_or_404``, ``db.session.get``,
``filter_by(id=...)``, raw SQL) and reads, changes or deletes it, while
nothing in the view (or the project helpers it calls) compares the record's
owner with the logged-in user (``current_user``, ``g.user``, ``session``)
or calls an authorization helper. Public pages (no login required, nothing
changed) are not reported: reading a public blog post by id is not IDOR.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from dataclasses import dataclass

from ..finding import Confidence, Evidence, Finding, Location, Severity
from ..project import Project, PythonFile
from ..registry import Scope, rule
from ..taint import Function, ProjectIndex, analyze
from ..taint.index import Module
from ..taint.syntax import dotted

_LOADERS = frozenset(
    [
        "get",
        "get_or_404",
        "first_or_404",
        "one_or_404",
        "filter_by",
        "filter",
        "where",
        "execute",
        "find_one",
        "find_by_id",
        "get_object_or_404",
        "select",
        "scalar",
        "one",
        "first",
    ]
)
_IDENTITY = re.compile(
    r"current_user|\bg\.user\b|g\.current_user|get_jwt_identity\(|get_current_user\(|"
    r"(?<![.\w])session\[|(?<![.\w])session\.get\(|request\.user\b|auth\.current_user\("
)
"""Who is logged in: the expressions an ownership check compares a record with."""
_AUTHZ_CALL = re.compile(
    r"owner|owned|authori[sz]|permission|can_|check_access|has_access|require_|allowed_to|"
    r"is_admin|policy|ensure_",
    re.I,
)
_SCOPING_CALLS = frozenset(
    {"filter", "filter_by", "where", "get", "get_or_404", "first_or_404", "one_or_404"}
    | {"execute", "query", "join", "select", "scalar", "scalars", "first", "one", "all"}
    | {"with_parent"}
)
_LOGIN = re.compile(
    r"login_required|jwt_required|auth_required|requires_auth|"
    r"token_required|auth\.login_required",
    re.I,
)
_PRIVILEGED = re.compile(
    r"admin|role|permission|owner|superuser|staff|requires|allows|authori[sz]e|can_", re.I
)
_CHANGES = re.compile(r"\.delete\(|\.commit\(|\bdel\s+\w+\[|[\"'](DELETE|UPDATE)\s")
_REQUEST_PARTS = frozenset({"args", "form", "values", "json", "get_json"})
_ID_NAME = re.compile(r"(^|_)(id|pk|uuid|guid|key|slug|num|number)$|id$", re.I)
_SQL_TABLE = re.compile(r"\b(?:FROM|UPDATE|INTO|JOIN)\s+[\"`]?(\w+)", re.I)
_INSERT = re.compile(r"^\s*INSERT\b", re.I)


@rule(
    "FB850",
    "insecure-direct-object-reference",
    "Record loaded by a request id with no ownership check",
    severity=Severity.HIGH,
    confidence=Confidence.MEDIUM,
    cwe=(639, 285),
    mitigation="M12",
    fix="Load through the owner (`Note.query.filter_by(id=id, owner_id=current_user.id)`) "
    "or check `record.owner_id == current_user.id` and abort(404) otherwise.",
    scope=Scope.PROJECT,
)
def insecure_direct_object_reference(project: Project) -> Iterator[Finding | Evidence]:
    """## What it does
    Finds views that load a record by an id taken from the URL or the request and return,
    change or delete it without comparing its owner to the logged-in user or calling an
    authorization check. Views that need no login and change nothing (public pages) are
    not reported, nor reads of models with no column naming a user, account or tenant
    (a shared library's books). Mentioning the user (logging `get_jwt_identity()`) is
    no check: the identity must meet the record in a comparison or a query filter.

    ## Why is this bad?
    Changing `/notes/41` to `/notes/42` is the most common way data leaks between users
    (broken object-level authorization, OWASP API #1).

    ## Example
    ```python
    @app.post("/notes/<int:note_id>/delete")
    @login_required
    def delete_note(note_id):
        note = db.get_or_404(Note, note_id)
        db.session.delete(note)
    ```

    ## Use instead
    ```python
    note = db.first_or_404(db.select(Note).filter_by(id=note_id, owner_id=current_user.id))
    ```

    ## References
    CWE-639, CWE-285; OWASP ASVS V4.2.1; catalogue M12.
    """
    if not any(_has_users(f.source) for f in project.python_files):
        return  # no users at all: nothing is anyone's (missing authentication is FB8xx's)
    index = analyze(project).index
    owned = _owned_resources(project, index)
    every = [u for u in (_unchecked_load(index, v) for v in index.views()) if u is not None]
    loads = [u for u in every if not u.checked]
    public = {u.resource for u in loads if u.resource and not (u.login or u.changes)}
    unowned, personal = _user_models(project)
    public -= owned | personal
    shared = unowned - owned  # a library's books: no column names a user
    reported = False
    for u in loads:
        if u.privileged:
            continue
        if (
            u.resource in owned
            or (u.changes and (u.login or u.resource is None))
            or (
                u.login
                and (u.resource is None or u.resource not in public)
                and u.resource not in shared
            )
        ):
            reported = True
            yield insecure_direct_object_reference.finding(
                f"record loaded by request id `{u.ident}` with no ownership check",
                Location(u.path, u.line, u.column),
            )
    checked = [u for u in every if u.checked]
    if checked and not reported:
        yield insecure_direct_object_reference.evidence(
            f"records loaded by request id are checked against the user in {len(checked)} "
            f"view{'s' if len(checked) > 1 else ''}",
            Location(checked[0].path, checked[0].line, checked[0].column),
        )


@dataclass(frozen=True)
class _Load:
    """A view loading a record by a client-chosen id, and what decides whether it is IDOR."""

    path: str
    line: int
    column: int
    ident: str
    resource: str | None
    login: bool
    changes: bool
    privileged: bool
    """An authorization decorator (admin, role, ``allows.requires``): never reported."""
    checked: bool
    """The view (or a helper it calls) compares the record with the user: evidence."""


_USER_HINTS = ("current_user", "g.user", "session", "jwt", "request.user", "login_required")


def _has_users(source: str) -> bool:
    """Cheap substring test first: the regexes are slow on big library modules."""
    if not any(h in source for h in _USER_HINTS):
        return False
    return bool(_IDENTITY.search(source) or _LOGIN.search(source))


def _owned_resources(project: Project, index: ProjectIndex) -> set[str]:
    """Models and tables the app itself scopes to the logged-in user somewhere.

    ``Note.query.filter_by(owner_id=current_user.id)`` or ``SELECT ... FROM notes WHERE
    user_id = ?`` with the session's id: the app treats those records as per-user data,
    so loading one by a client-chosen id without a check is IDOR even on a page with no
    login. An owner column alone is not enough (a forum post has an author and is public).
    In-memory tables (``NOTES = {1: {"owner": ...}}``) count by their owner keys.
    """
    owned: set[str] = set()
    for view in index.views():  # the app scopes records to the user in its views
        if not _has_users(view.module.file.source):
            continue
        for call in ast.walk(view.node):
            if (
                isinstance(call, ast.Call)
                and _call_name(call.func) in _SCOPING_CALLS
                and _IDENTITY.search(ast.unparse(call))
            ):
                owned.update(_resources_named(call))
    for f in project.python_files:
        if any(f'"{k}"' in f.source or f"'{k}'" in f.source for k in _OWNER_KEYS):
            for const in f.nodes(ast.Constant):
                if const.value in _OWNER_KEYS:
                    owned.update(_store_of(f, const))
    return owned


_OWNER_COLUMNS = frozenset({"owner_id", "owner"})
_USER_COLUMN = re.compile(
    r"(^|_)(user|owner|author|account|customer|tenant|org|organi[sz]ation|buyer|seller|"
    r"member|client|patient|employee|creator|created_by|profile|team|recipient|sender|"
    r"holder)s?(_|$)|^userid$",
    re.I,
)
"""A column that ties a record to a person or an organisation (``buyer_id``, ``members``)."""
_MODEL_BASES = ("Model", "Base", "Document", "DeclarativeBase")


def _user_models(project: Project) -> tuple[set[str], set[str]]:
    """ORM models with no column naming a user, and those with an ``owner_id`` column.

    A model with an owner is never public to login-protected views, even when some
    other view shows it without a login; a model with no column naming a user, an
    account or a tenant (a shared library's ``Book``) is no one's in particular.
    """
    unowned: set[str] = set()
    personal: set[str] = set()
    for f in project.python_files:
        if "class " not in f.source or not any(b in f.source for b in _MODEL_BASES):
            continue
        for cls in f.nodes(ast.ClassDef):
            bases = [ast.unparse(b).rsplit(".", 1)[-1] for b in cls.bases]
            if not any(b in _MODEL_BASES for b in bases):
                continue
            columns = set(_class_assign_names(cls))
            name = cls.name.lower()
            if columns & _OWNER_COLUMNS:
                personal.add(name)
            linked = any(_USER_COLUMN.search(c) for c in columns)
            if not linked and not _RELATION.search(ast.unparse(cls)):
                unowned.add(name)
    return unowned, personal


_RELATION = re.compile(
    r"ForeignKey\(\s*[\"'](users?|accounts?|owners?)\b|relationship\(\s*[\"'](User|Account)", re.I
)


def _class_assign_names(cls: ast.ClassDef) -> Iterator[str]:
    for stmt in cls.body:
        if isinstance(stmt, ast.Assign):
            yield from (t.id for t in stmt.targets if isinstance(t, ast.Name))
        elif isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name):
            yield stmt.target.id


def _resources_named(call: ast.Call) -> set[str]:
    """Every model (``Note.query``, ``select(Note)``, ``Note.owner_id``) and SQL table in *call*."""
    out: set[str] = set()
    for n in ast.walk(call):
        if isinstance(n, ast.Constant) and isinstance(n.value, str):
            out.update(str(t).lower() for t in _SQL_TABLE.findall(n.value))
        elif isinstance(n, ast.Name) and n.id[:1].isupper():
            out.add(n.id.lower())
    return out


_OWNER_KEYS = frozenset({"owner", "owner_id", "user_id", "user", "username", "author"})


def _store_of(f: PythonFile, key: ast.Constant) -> set[str]:
    """The module-level name whose literal holds this owner key (``NOTES = {1: {"owner":...``)."""
    node: ast.AST | None = key
    while node is not None and not isinstance(node, ast.stmt):
        node = f.parent(node)
    if isinstance(node, (ast.Assign, ast.AnnAssign)) and f.parent(node) is f.tree:
        targets = node.targets if isinstance(node, ast.Assign) else [node.target]
        return {t.id.lower() for t in targets if isinstance(t, ast.Name)}
    return set()


def _resource(call: ast.Call) -> str | None:
    """The model or table a load reads: ``Note.query...``, ``get(Note, id)``, ``FROM notes``."""
    for n in ast.walk(call):
        if isinstance(n, ast.Constant) and isinstance(n.value, str):
            tables = _SQL_TABLE.findall(n.value)
            if tables:
                return str(tables[0]).lower()
        if isinstance(n, ast.Attribute) and n.attr == "query" and isinstance(n.value, ast.Name):
            return n.value.id.lower()
    for arg in call.args[:1]:
        if isinstance(arg, ast.Name) and arg.id[:1].isupper():
            return arg.id.lower()
    return None


def _unchecked_load(index: ProjectIndex, view: Function) -> _Load | None:
    """Loads with no check, and what decides them: per-user data, a login, a change.

    A record that some view shows to anyone (no login, nothing changed) is public:
    reading it behind a login is not IDOR (a forum topic). Changing it is.
    """
    node = view.node
    ids = {p for p in (view.route_params or {}) if _ID_NAME.search(p)} | _request_ids(node)
    ids.discard("self")
    if not ids and not _reads_request(node) and not _reads_form_id(node):
        return None
    load = _first_load(index, view.module, node, ids)
    if load is None:
        return None
    lines = view.module.file.source.splitlines()
    first = min([node.lineno, *(d.lineno for d in node.decorator_list)])
    decorators = "\n".join(lines[first - 1 : node.lineno]) + _class_decorators(index, view)
    source = "\n".join(lines[node.lineno - 1 : node.end_lineno or node.lineno])
    privileged = bool(_PRIVILEGED.search(decorators))
    helpers = _helpers_called(index, view.module, node)
    checked = _checks_owner(node) or any(_checks_owner(h) for h in helpers)
    line, column, ident, resource = load
    return _Load(
        view.module.file.path,
        line,
        column,
        ident,
        resource,
        bool(_LOGIN.search(decorators)),
        bool(_CHANGES.search(source)),
        privileged,
        checked,
    )


def _class_decorators(index: ProjectIndex, view: Function) -> str:
    """``decorators = [allows.requires(...), login_required]`` on a MethodView, and
    ``method_decorators = [login_required]`` on a flask-restful / flask-restx ``Resource``."""
    info = index.klass(view.cls) if view.cls else None
    if info is None:
        return ""
    for stmt in info.node.body:
        if isinstance(stmt, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id in ("decorators", "method_decorators")
            for t in stmt.targets
        ):
            return "\n" + ast.unparse(stmt.value)
    return ""


def _request_ids(fn: ast.AST) -> set[str]:
    out: set[str] = set()
    for n in ast.walk(fn):
        if isinstance(n, ast.Assign) and _reads_request(n.value):
            out.update(t.id for t in n.targets if isinstance(t, ast.Name) and _ID_NAME.search(t.id))
    return out


def _mentions(node: ast.AST, ids: set[str]) -> str | None:
    for n in ast.walk(node):
        if isinstance(n, ast.Name) and n.id in ids:
            return n.id
        if (  # form.customer_id.data: a WTForms field the client posted
            isinstance(n, ast.Attribute)
            and n.attr == "data"
            and isinstance(n.value, ast.Attribute)
            and _ID_NAME.search(n.value.attr)
        ):
            return n.value.attr
        if isinstance(n, (ast.Call, ast.Subscript)) and _reads_request(n):
            key = next(
                (
                    c.value
                    for c in ast.walk(n)
                    if isinstance(c, ast.Constant)
                    and isinstance(c.value, str)
                    and _ID_NAME.search(c.value)
                ),
                None,
            )
            if key is not None:  # Account.query.get(request.args["account_id"])
                return str(key)
    return None


Load = tuple[int, int, str, str | None]


def _first_load(
    index: ProjectIndex, module: Module, fn: ast.AST, ids: set[str], depth: int = 0
) -> Load | None:
    stores = _global_stores(module)
    for n in ast.walk(fn):
        if isinstance(n, ast.Subscript) and _store_name(n.value) in stores:
            ident = _mentions(n.slice, ids)  # NOTES[note_id]: an in-memory table
            if ident is not None:
                return n.lineno, n.col_offset + 1, ident, _store_name(n.value)
            continue
        if not isinstance(n, ast.Call):
            continue
        name = _call_name(n.func)
        if name == "get" and _store_name(getattr(n.func, "value", None)) in stores and n.args:
            ident = _mentions(n.args[0], ids)
            if ident is not None:
                return n.lineno, n.col_offset + 1, ident, _store_name(n.func.value)  # type: ignore[attr-defined]
        args = [*n.args, *(k.value for k in n.keywords)]
        ident = next((i for a in args if (i := _mentions(a, ids))), None)
        if ident is None or _is_request_read(n):
            continue
        if name in _LOADERS and _looks_like_data_access(n) and not _is_insert(n):
            return n.lineno, n.col_offset + 1, ident, _resource(n)
        if _AUTHZ_CALL.search(name) and "get" in name:  # get_owned_or_404(Note, id)
            return n.lineno, n.col_offset + 1, ident, _resource(n)
        helper = _helper(index, module, n)
        if helper is not None and depth < 2:
            inner = _first_load(index, helper.module, helper.node, set(helper.params), depth + 1)
            if inner is not None:
                return n.lineno, n.col_offset + 1, ident, inner[3]
    return None


def _global_stores(module: Module) -> set[str]:
    """Module-level dicts and lists of records (``NOTES = {1: {...}}``): demo-app tables."""
    out: set[str] = set()
    for stmt in module.file.tree.body:
        if isinstance(stmt, (ast.Assign, ast.AnnAssign)) and isinstance(
            stmt.value, (ast.Dict, ast.List, ast.Call)
        ):
            if isinstance(stmt.value, ast.Call) and _call_name(stmt.value.func) not in (
                "dict",
                "defaultdict",
                "OrderedDict",
            ):
                continue
            targets = stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target]
            out.update(t.id.lower() for t in targets if isinstance(t, ast.Name))
    return out


def _store_name(node: ast.AST | None) -> str | None:
    return node.id.lower() if isinstance(node, ast.Name) else None


def _is_insert(call: ast.Call) -> bool:
    first = call.args[0] if call.args else None
    return isinstance(first, ast.Constant) and bool(_INSERT.match(str(first.value)))


def _is_request_read(call: ast.Call) -> bool:
    return _reads_request(call.func)


def _reads_form_id(node: ast.AST) -> bool:
    return any(
        isinstance(n, ast.Attribute)
        and n.attr == "data"
        and isinstance(n.value, ast.Attribute)
        and _ID_NAME.search(n.value.attr)
        for n in ast.walk(node)
    )


def _reads_request(node: ast.AST) -> bool:
    """``request.args``/``form``/``values``/``json``/``get_json`` anywhere under *node*."""
    for n in ast.walk(node):
        if (
            isinstance(n, ast.Attribute)
            and n.attr in _REQUEST_PARTS
            and isinstance(n.value, ast.Name)
            and n.value.id == "request"
        ):
            return True
    return False


def _looks_like_data_access(call: ast.Call) -> bool:
    text = dotted(call.func).lower()
    return any(
        w in text
        for w in (
            "query",
            "session",
            "db",
            "execute",
            "cursor",
            "objects",
            "get_or_404",
            "first_or_404",
            "select",
            "collection",
        )
    )


def _call_name(func: ast.expr) -> str:
    if isinstance(func, ast.Attribute):
        return func.attr
    return func.id if isinstance(func, ast.Name) else ""


def _helper(index: ProjectIndex, module: Module, call: ast.Call) -> Function | None:
    qn = index.resolve(module, call.func)
    return index.function(qn) if qn else None


def _helpers_called(index: ProjectIndex, module: Module, fn: ast.AST) -> list[ast.AST]:
    out: list[ast.AST] = []
    for n in ast.walk(fn):
        if isinstance(n, ast.Call):
            helper = _helper(index, module, n)
            if helper is not None:
                out.append(helper.node)
    return out


def _checks_owner(fn: ast.AST) -> bool:
    """Does *fn* compare a record with the logged-in user, scope a query by them, or authorize?

    Mentioning ``current_user`` is not enough: the identity must meet the record in a
    comparison, a query filter, or a call to an authorization helper.
    """
    identity_vars = {
        t.id
        for n in ast.walk(fn)
        if isinstance(n, ast.Assign) and _IDENTITY.search(ast.unparse(n.value))
        for t in n.targets
        if isinstance(t, ast.Name)
    }

    def is_identity(node: ast.AST) -> bool:
        if any(isinstance(x, ast.Name) and x.id in identity_vars for x in ast.walk(node)):
            return True
        return _IDENTITY.search(ast.unparse(node)) is not None

    for n in ast.walk(fn):
        if isinstance(n, ast.Compare) and any(is_identity(x) for x in (n.left, *n.comparators)):
            return True
        if not isinstance(n, ast.Call):
            continue
        name = _call_name(n.func)
        if _AUTHZ_CALL.search(name) or (name == "abort" and _status(n) == 403):
            return True
        if name in _SCOPING_CALLS and (
            is_identity(n.func)
            or any(is_identity(a) for a in (*n.args, *(k.value for k in n.keywords)))
        ):
            return True
    return False


def _status(call: ast.Call) -> object:
    first = call.args[0] if call.args else None
    return first.value if isinstance(first, ast.Constant) else None
