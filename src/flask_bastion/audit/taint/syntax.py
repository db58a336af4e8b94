"""What an expression looks like as text, cheaply (no unparse on the hot path)."""

from __future__ import annotations

import ast

from .values import Key

_NUMERIC_FORMATS = frozenset("diouxXeEfFgGc")


def dotted(node: ast.expr) -> str:
    """``a.b.c`` for an attribute chain (cheap: no unparse on the hot path)."""
    parts = []
    while isinstance(node, (ast.Attribute, ast.Call)):
        if isinstance(node, ast.Call):
            node = node.func
            continue
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        parts.append(node.id)
    return ".".join(reversed(parts))


def short(node: ast.expr) -> str:
    try:
        return ast.unparse(node)[:40]
    except Exception:  # pragma: no cover
        return "<call>"


def containment_check(node: ast.expr) -> str | None:
    """``path.relative_to(BASE)`` as a statement: it raises unless *path* is inside BASE."""
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "relative_to"
    ):
        target = node.func.value
        while isinstance(target, ast.Call) and isinstance(target.func, ast.Attribute):
            target = target.func.value  # p.resolve().relative_to(...)
        if isinstance(target, ast.Name):
            return target.id
    return None


def url_part_of(s: ast.AST) -> str | None:
    """``urlparse(url)`` or its ``.hostname`` (netloc, scheme) assigned: the name of ``url``.

    A check on the parts (``parts.hostname in ALLOWED``) vouches for the URL itself.
    """
    value = getattr(s, "value", None)
    if isinstance(value, ast.Attribute) and value.attr in ("hostname", "netloc", "host", "scheme"):
        value = value.value
    if isinstance(value, ast.Call) and value.args and isinstance(value.args[0], ast.Name):
        func = value.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        if name in ("urlparse", "urlsplit", "URL"):
            return value.args[0].id
    return None


def const_key(node: ast.expr) -> Key | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, (str, int)):
        return node.value if not isinstance(node.value, bool) else None
    return None


def numeric_spec(spec: ast.expr) -> bool:
    if isinstance(spec, ast.JoinedStr) and len(spec.values) == 1:
        only = spec.values[0]
        if isinstance(only, ast.Constant) and isinstance(only.value, str):
            return bool(only.value) and only.value[-1] in "dxXobeEfFgGn%"
    return False


def only_numeric_percent(fmt: str) -> bool:
    conversions = []
    i = 0
    while i < len(fmt):
        if fmt[i] == "%":
            j = i + 1
            if j < len(fmt) and fmt[j] == "(":
                j = fmt.find(")", j) + 1 or len(fmt)
            while j < len(fmt) and fmt[j] in "0123456789.-+ #*":
                j += 1
            if j < len(fmt):
                conversions.append(fmt[j])
            i = j + 1
        else:
            i += 1
    real = [c for c in conversions if c != "%"]
    return bool(real) and all(c in _NUMERIC_FORMATS for c in real)


def is_exit_call(node: ast.expr) -> bool:
    if not isinstance(node, ast.Call):
        return False
    func = node.func
    name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
    return name in ("abort", "exit", "_exit") or (
        name == "exit" and isinstance(func, ast.Attribute)
    )


def is_classmethod(node: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    return any(isinstance(d, ast.Name) and d.id == "classmethod" for d in node.decorator_list)


def is_static(node: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    return any(isinstance(d, ast.Name) and d.id == "staticmethod" for d in node.decorator_list)


_CONVERTERS = frozenset({"int", "float", "UUID", "Decimal", "fromisoformat", "ip_address"})


def converted_names(body: list[ast.stmt]) -> list[str]:
    """Names passed to ``int(x)``-like conversions in *body* (they raise on anything else)."""
    out = []
    for stmt in body:
        for n in ast.walk(stmt):
            if isinstance(n, ast.Call) and n.args and isinstance(n.args[0], ast.Name):
                func = n.func
                name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
                if name in _CONVERTERS:
                    out.append(n.args[0].id)
    return out
