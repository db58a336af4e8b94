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

from ..finding import Finding, Location, Severity
from ..project import Project
from ..registry import Confidence, Scope, rule
from ..taint import Function, ProjectIndex, analyze
from ..taint.index import Module

_LOADERS = frozenset(
    "get get_or_404 first_or_404 one_or_404 filter_by filter where execute find_one "
    "find_by_id get_object_or_404 select scalar one first".split()
)
_IDENTITY = re.compile(
    r"current_user|g\.user|g\.current_user|get_jwt_identity|session\[|session\.get|"
    r"owner|owned|authori[sz]e|permission|can_|check_access|has_access|is_admin|"
    r"require_|abort\(403|Forbidden|user_id\s*==|\.user\s*!=|\.user\s*==", re.I
)
_LOGIN = re.compile(r"login_required|jwt_required|auth_required|requires_auth|"
                    r"token_required|auth\.login_required", re.I)
_PRIVILEGED = re.compile(r"admin|role|permission|owner|superuser|staff", re.I)
_CHANGES = re.compile(r"\.delete\(|session\.delete|\.commit\(|\bDELETE\b|\bUPDATE\b", re.I)
_REQUEST_ID = re.compile(r"request\.(args|form|values|json|get_json)")


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
def insecure_direct_object_reference(project: Project) -> Iterator[Finding]:
    """## What it does
    Finds views that load a record by an id taken from the URL or the request and return,
    change or delete it without comparing its owner to the logged-in user or calling an
    authorization check. Views that need no login and change nothing (public pages) are
    not reported.

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
    index = analyze(project).index
    for view in index.views():
        found = _unchecked_load(index, view)
        if found is not None:
            line, col, ident = found
            yield insecure_direct_object_reference.finding(
                f"record loaded by request id `{ident}` with no ownership check",
                Location(view.module.file.path, line, col),
            )


def _unchecked_load(index: ProjectIndex, view: Function) -> tuple[int, int, str] | None:
    node = view.node
    ids = set((view.route_params or {}).keys()) | _request_ids(node)
    ids.discard("self")
    if not ids:
        return None
    decorators = " ".join(ast.unparse(d) for d in node.decorator_list)
    if _PRIVILEGED.search(decorators):
        return None
    source = ast.unparse(node)
    load = _first_load(index, view.module, node, ids)
    if load is None:
        return None
    helpers = _helper_sources(index, view.module, node)
    if _IDENTITY.search(source) or any(_IDENTITY.search(h) for h in helpers):
        return None
    if not (_LOGIN.search(decorators) or _CHANGES.search(source)):
        return None
    return load


def _request_ids(fn: ast.AST) -> set[str]:
    out = set()
    for n in ast.walk(fn):
        if isinstance(n, ast.Assign) and _REQUEST_ID.search(ast.unparse(n.value)):
            out.update(t.id for t in n.targets if isinstance(t, ast.Name))
    return out


def _mentions(node: ast.AST, ids: set[str]) -> str | None:
    for n in ast.walk(node):
        if isinstance(n, ast.Name) and n.id in ids:
            return n.id
        if isinstance(n, ast.Call) and _REQUEST_ID.search(ast.unparse(n)):
            return "request"
    return None


def _first_load(index: ProjectIndex, module: Module, fn: ast.AST, ids: set[str],
                depth: int = 0) -> tuple[int, int, str] | None:
    for n in ast.walk(fn):
        if not isinstance(n, ast.Call):
            continue
        name = _call_name(n.func)
        args = [*n.args, *(k.value for k in n.keywords)]
        ident = next((i for a in args if (i := _mentions(a, ids))), None)
        if ident is None or _is_request_read(n):
            continue
        if name in _LOADERS and _looks_like_data_access(n):
            return n.lineno, n.col_offset + 1, ident
        helper = _helper(index, module, n)
        if helper is not None and depth < 2:
            inner_ids = set(helper.params)
            if _first_load(index, helper.module, helper.node, inner_ids, depth + 1):
                return n.lineno, n.col_offset + 1, ident
    return None


def _is_request_read(call: ast.Call) -> bool:
    return _REQUEST_ID.search(ast.unparse(call.func)) is not None


def _looks_like_data_access(call: ast.Call) -> bool:
    text = ast.unparse(call.func).lower()
    return any(w in text for w in ("query", "session", "db", "execute", "cursor", "objects",
                                    "get_or_404", "first_or_404", "select", "collection"))


def _call_name(func: ast.expr) -> str:
    if isinstance(func, ast.Attribute):
        return func.attr
    return func.id if isinstance(func, ast.Name) else ""


def _helper(index: ProjectIndex, module: Module, call: ast.Call) -> Function | None:
    qn = index.resolve(module, call.func)
    return index.function(qn) if qn else None


def _helper_sources(index: ProjectIndex, module: Module, fn: ast.AST) -> list[str]:
    out = []
    for n in ast.walk(fn):
        if isinstance(n, ast.Call):
            helper = _helper(index, module, n)
            if helper is not None:
                out.append(ast.unparse(helper.node))
    return out
