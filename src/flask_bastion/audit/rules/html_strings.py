"""FB455: HTML built in Python from stored records, outside autoescaping (M11).

Split from ``templates.py`` (past 500 lines); same family. Request data in
such strings is FB403's (data flow); this rule covers what the data flow
cannot see: values read back from the database (stored XSS).
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator

from ..engine import ModuleContext
from ..finding import Confidence, Finding, Severity
from ..project import iter_subtree
from ..registry import Scope, rule

_TAG = re.compile(r"<[a-zA-Z][\w-]*[\s>/]")
NOT_RECORDS = frozenset(
    {"request", "session", "g", "current_app", "app", "config", "self", "cls", "os", "sys"}
)
"""Roots that are not stored records (request data is FB403's)."""
_NUMERIC_FIELD = re.compile(r"(^|_)(id|count|total|size|number|price|amount|year)$|_at$")


def _parts(expr: ast.expr) -> tuple[list[str], list[ast.expr]] | None:
    """Constant text and interpolated values of a string-building expression."""
    if isinstance(expr, ast.JoinedStr):
        texts = [v.value for v in expr.values if isinstance(v, ast.Constant)]
        values = [v.value for v in expr.values if isinstance(v, ast.FormattedValue)]
        return [t for t in texts if isinstance(t, str)], values
    if isinstance(expr, ast.BinOp) and isinstance(expr.op, ast.Add):
        left, right = _parts(expr.left), _parts(expr.right)
        if left is None or right is None:
            return None
        return left[0] + right[0], left[1] + right[1]
    if isinstance(expr, ast.BinOp) and isinstance(expr.op, ast.Mod):
        if isinstance(expr.left, ast.Constant) and isinstance(expr.left.value, str):
            args = expr.right.elts if isinstance(expr.right, ast.Tuple) else [expr.right]
            return [expr.left.value], list(args)
        return None
    if (
        isinstance(expr, ast.Call)
        and isinstance(expr.func, ast.Attribute)
        and expr.func.attr == "format"
        and isinstance(expr.func.value, ast.Constant)
        and isinstance(expr.func.value.value, str)
    ):
        return [expr.func.value.value], [*expr.args, *(k.value for k in expr.keywords)]
    if isinstance(expr, ast.Constant) and isinstance(expr.value, str):
        return [expr.value], []
    return [], [expr]


def _record_field(value: ast.expr) -> str | None:
    """``doc.title`` / ``row["body"]``: a field read from a local record, by name."""
    if not isinstance(value, (ast.Attribute, ast.Subscript)):
        return None
    node: ast.expr = value
    while isinstance(node, (ast.Attribute, ast.Subscript)):
        node = node.value
    if not isinstance(node, ast.Name) or node.id in NOT_RECORDS:
        return None
    if isinstance(value, ast.Attribute):
        field = value.attr
    elif isinstance(value.slice, ast.Constant) and isinstance(value.slice.value, str):
        field = value.slice.value
    else:
        return None
    return None if _NUMERIC_FIELD.search(field.lower()) else field


def _returned_html(ret: ast.Return) -> ast.expr | None:
    value = ret.value
    if isinstance(value, ast.Tuple) and value.elts:
        value = value.elts[0]
    if isinstance(value, ast.Call) and getattr(value.func, "id", "") == "make_response":
        value = value.args[0] if value.args else None
    return value


def _unescaped_fields(expr: ast.expr) -> list[str]:
    parts = _parts(expr)
    if parts is None:
        return []
    texts, values = parts
    if not any(_TAG.search(text) for text in texts):
        return []
    return [f for f in (_record_field(v) for v in values) if f]


def _own_returns(fn: ast.AST) -> Iterator[ast.Return]:
    for node in iter_subtree(fn):
        if isinstance(node, ast.Return) and node.value is not None:
            yield node


@rule(
    "FB455",
    "html-built-from-stored-data",
    "A view builds HTML from stored data without escaping it",
    severity=Severity.HIGH,
    confidence=Confidence.MEDIUM,
    cwe=[79],
    mitigation="M11",
    fix="Render a template (autoescaped), or wrap each value in markupsafe.escape().",
    scope=Scope.MODULE,
)
def html_built_from_stored_data(ctx: ModuleContext) -> Iterator[Finding]:
    """## What it does
    Finds views that return HTML assembled in Python (``+``, f-strings, ``%``,
    ``str.format``) around fields of a record (``doc.title``,
    ``row["body"]``) without escaping them. Numeric-looking fields (``id``,
    ``*_id``, ``count``, ``*_at``) and escaped values (``escape(doc.title)``)
    are not reported; request data in such strings is FB403's.

    ## Why is this bad?
    Autoescaping only happens in templates. A comment, a title or a profile
    field that a user saved earlier comes back from the database as text and,
    pasted into HTML by hand, runs as script in every reader's browser
    (stored XSS).

    ## Example
    ```python
    doc = db.session.get(Document, doc_id)
    return "<article><h1>" + doc.title + "</h1>" + doc.body + "</article>"
    ```

    ## Use instead
    ```python
    return render_template("doc.html", doc=doc)
    # or: f"<h1>{escape(doc.title)}</h1>"
    ```

    ## References
    - CWE-79: Improper Neutralization of Input During Web Page Generation
    - OWASP Cheat Sheet: Cross Site Scripting Prevention, output encoding
    """
    path = ctx.file.path
    views = [
        r.function
        for r in ctx.model.routes
        if r.path == path and isinstance(r.function, (ast.FunctionDef, ast.AsyncFunctionDef))
    ]
    r = html_built_from_stored_data
    for fn in views:
        for ret in _own_returns(fn):
            value = _returned_html(ret)
            fields = _unescaped_fields(value) if value is not None else []
            if fields:
                yield r.finding(
                    f"HTML built by hand from stored data ({', '.join(fields)}) is not escaped",
                    ctx.location(ret),
                )
