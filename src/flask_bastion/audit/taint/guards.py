"""Conditions the analysis understands: constant tests and validating checks.

A branch whose condition is a constant (``if False:``, ``if DEBUG:`` with a
module constant) is either never or always taken. A validating check
(``x in ALLOWED``, ``x.isdigit()``, ``is_safe_url(x)``, a ``startswith``
containment test on a resolved path) clears the sink kinds it protects on
the branch where it held.
"""

from __future__ import annotations

import ast
import operator
import re
from collections.abc import Callable, Mapping
from typing import Any

from . import specs

Guard = dict[str, frozenset[str]]
_PATHISH = frozenset({"path", "file-save", "file-serve", "redirect", "ssrf"})
_URLISH = frozenset({"redirect", "ssrf"})
_HOST_AND_SLASH = re.compile(r"^[a-zA-Z][\w+.-]*://[^/?#]+[/?#]")
URLISH = _URLISH
_SAFE_URL = re.compile(
    r"safe_?url|is_safe|url_is_safe|safe_redirect|allowed_host|same_host|"
    r"is_local|is_internal|has_allowed_host|same_origin|is_relative",
    re.I,
)
_VALIDATOR = re.compile(
    r"valid|sanitiz|allowlist|whitelist|is_allowed|permitted|is_safe_path", re.I
)
_CMP: dict[type[ast.cmpop], Callable[[Any, Any], Any]] = {
    ast.Eq: operator.eq,
    ast.NotEq: operator.ne,
    ast.Lt: operator.lt,
    ast.LtE: operator.le,
    ast.Gt: operator.gt,
    ast.GtE: operator.ge,
    ast.Is: operator.is_,
    ast.IsNot: operator.is_not,
    ast.In: lambda a, b: a in b,
    ast.NotIn: lambda a, b: a not in b,
}
_UNKNOWN = object()


def constant(node: ast.expr, lookup: Callable[[str], object]) -> object:
    """The value of a constant expression, or ``_UNKNOWN``; *lookup* resolves names."""
    if isinstance(node, ast.Constant):
        return node.value
    if isinstance(node, ast.Name):
        return lookup(node.id)
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
        v = constant(node.operand, lookup)
        return _UNKNOWN if v is _UNKNOWN else not v
    if isinstance(node, ast.BoolOp):
        values = [constant(v, lookup) for v in node.values]
        is_and = isinstance(node.op, ast.And)
        for v in values:
            if v is not _UNKNOWN and bool(v) is not is_and:
                return v
        return _UNKNOWN if _UNKNOWN in values else values[-1]
    if isinstance(node, ast.Compare) and len(node.ops) == 1:
        left, right = constant(node.left, lookup), constant(node.comparators[0], lookup)
        fn = _CMP.get(type(node.ops[0]))
        if fn is None or left is _UNKNOWN or right is _UNKNOWN:
            return _UNKNOWN
        try:
            return fn(left, right)
        except Exception:
            return _UNKNOWN
    if isinstance(node, (ast.Tuple, ast.List)) and not node.elts:
        return ()
    return _UNKNOWN


def is_known(value: object) -> bool:
    return value is not _UNKNOWN


UNKNOWN = _UNKNOWN


def guards(
    test: ast.expr, qualname: Callable[[ast.expr], str | None], tainted: Callable[[str], bool]
) -> tuple[Guard, Guard]:
    """Names cleared when *test* is true, and when it is false."""
    if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
        pos, neg = guards(test.operand, qualname, tainted)
        return neg, pos
    if isinstance(test, ast.BoolOp):
        parts = [guards(v, qualname, tainted) for v in test.values]
        if isinstance(test.op, ast.And):
            return _union(p for p, _ in parts), {}
        return {}, _union(n for _, n in parts)
    if isinstance(test, ast.Compare):
        return _compare(test, qualname, tainted)
    if isinstance(test, ast.Call):
        return _call(test, qualname, tainted), _call_false(test, tainted)
    return {}, {}


def _call_false(call: ast.Call, tainted: Callable[[str], bool]) -> Guard:
    """What a check proves when it fails: ``not x.startswith("//")``, ``not isabs(x)``."""
    func = call.func
    name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
    arg = call.args[0] if call.args else None
    const = arg.value if isinstance(arg, ast.Constant) and isinstance(arg.value, str) else None
    if isinstance(func, ast.Attribute) and name == "startswith" and const is not None:
        marks = set()
        if const.startswith("//") or const in ("\\", "/\\"):
            marks.add("not-network-path")
        if const == "/":
            marks.add("not-absolute")
        if const.startswith("-"):
            marks.add("argv")  # if name.startswith("-"): abort(400): no option after it
        return dict.fromkeys(_names(func.value, tainted), frozenset(marks)) if marks else {}
    starts = isinstance(func, ast.Attribute) and name == "startswith"
    if starts and isinstance(arg, ast.Tuple) and _starts_option(arg):
        assert isinstance(func, ast.Attribute)  # for mypy: starts says so
        return dict.fromkeys(_names(func.value, tainted), frozenset({"argv"}))
    if name == "isabs" and arg is not None:
        return dict.fromkeys(_names(arg, tainted), frozenset({"not-absolute"}))
    return {}


def _starts_option(prefixes: ast.Tuple) -> bool:
    return any(isinstance(e, ast.Constant) and str(e.value).startswith("-") for e in prefixes.elts)


def _union(gs: Any) -> Guard:
    out: Guard = {}
    for g in gs:
        for k, v in g.items():
            out[k] = out.get(k, frozenset()) | v
    return out


def _names(node: ast.AST, tainted: Callable[[str], bool]) -> list[str]:
    return [n.id for n in ast.walk(node) if isinstance(n, ast.Name) and tainted(n.id)]


def _compare(
    test: ast.Compare, qualname: Callable[[ast.expr], str | None], tainted: Callable[[str], bool]
) -> tuple[Guard, Guard]:
    if len(test.ops) != 1:
        return {}, {}
    op, left, right = test.ops[0], test.left, test.comparators[0]
    if _mentions(
        test,
        (
            "netloc",
            "hostname",
            "scheme",
            "host",
            "startswith",
            "commonpath",
            "is_relative_to",
            "commonprefix",
        ),
    ):
        both = dict.fromkeys(_names(test, tainted), _PATHISH)
        return both, both
    if isinstance(left, ast.Name) and tainted(left.id) and not _names(right, tainted):
        whole = {left.id: frozenset({specs.ALL})}
        if isinstance(op, (ast.In, ast.Eq, ast.Is)):
            return whole, {}
        if isinstance(op, (ast.NotIn, ast.NotEq, ast.IsNot)):
            return {}, whole
    if (
        isinstance(right, ast.Name)
        and tainted(right.id)
        and isinstance(left, ast.Constant)
        and isinstance(op, (ast.In, ast.NotIn))
        and str(left.value) in ("..", "../", "/", "\\", "..\\")
    ):  # if ".." in name: abort(400)
        # alone this is bypassable (an absolute name replaces the base in os.path.join)
        cleared = {right.id: frozenset({"no-dotdot"})}
        return ({}, cleared) if isinstance(op, ast.In) else (cleared, {})
    if isinstance(right, ast.Name) and tainted(right.id) and isinstance(left, ast.Constant):
        whole = {right.id: frozenset({specs.ALL})}
        if isinstance(op, ast.Eq):
            return whole, {}
        if isinstance(op, ast.NotEq):
            return {}, whole
    if isinstance(left, ast.Call):  # re.match(...) is not None, is_safe(x) == True
        hit = _call(left, qualname, tainted)
        if isinstance(op, (ast.IsNot, ast.NotEq)) or (
            isinstance(op, (ast.Eq, ast.Is)) and _is_true(right)
        ):
            return hit, {}
        return {}, hit
    return {}, {}


def _is_true(node: ast.expr) -> bool:
    return isinstance(node, ast.Constant) and node.value is True


def _mentions(node: ast.AST, attrs: tuple[str, ...]) -> bool:
    for n in ast.walk(node):
        if isinstance(n, ast.Attribute) and n.attr in attrs:
            return True
        if isinstance(n, ast.Name) and n.id in attrs:
            return True
    return False


def _call(
    call: ast.Call, qualname: Callable[[ast.expr], str | None], tainted: Callable[[str], bool]
) -> Guard:
    func = call.func
    name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
    args = [a for a in call.args if isinstance(a, ast.Name) and tainted(a.id)]
    if isinstance(func, ast.Attribute) and name in (
        "isdigit",
        "isnumeric",
        "isdecimal",
        "isalnum",
        "isalpha",
        "isidentifier",
    ):
        return dict.fromkeys(_names(func.value, tainted), frozenset({specs.ALL}))
    if isinstance(func, ast.Attribute) and name in ("startswith", "is_relative_to"):
        return dict.fromkeys(_names(func.value, tainted), _prefix_kinds(call))
    if name in ("fullmatch", "match", "search") and len(call.args) >= 1:
        target = call.args[-1] if len(call.args) > 1 or qualname(func) is None else call.args[0]
        if name == "search" and not _anchored(call.args[0]):
            return {}
        return dict.fromkeys(_names(target, tainted), frozenset({specs.ALL}))
    if name == "isinstance" and args:
        return {args[0].id: frozenset({specs.ALL})}
    names = [n for a in call.args for n in _names(a, tainted)]
    if _SAFE_URL.search(name):
        return dict.fromkeys(names, _URLISH | {"path"})
    if _VALIDATOR.search(name):
        return dict.fromkeys(names, frozenset({specs.ALL}))
    return {}


def _prefix_kinds(call: ast.Call) -> frozenset[str]:
    """What a ``startswith`` check proves: a scheme alone proves nothing about the host."""
    arg = call.args[0] if call.args else None
    if isinstance(arg, ast.Attribute) and arg.attr in ("host_url", "url_root", "base_url"):
        return _PATHISH  # url.startswith(request.host_url): this very site
    if isinstance(arg, ast.Tuple) and all(_no_option(e) for e in arg.elts):
        return (_PATHISH - _URLISH) | {"argv"}  # startswith(("http://", "https://"))
    if not (isinstance(arg, ast.Constant) and isinstance(arg.value, str)):
        return _PATHISH - _URLISH  # startswith(BASE_DIR): a containment check
    prefix = arg.value
    return _prefix_kinds_of(prefix) | ({"argv"} if _no_option(arg) else set())


def _no_option(node: ast.expr) -> bool:
    """A fixed prefix such as ``https://``: a value starting with it is no ``-option``."""
    return isinstance(node, ast.Constant) and str(node.value)[:1] not in ("", "-")


def _prefix_kinds_of(prefix: str) -> frozenset[str]:
    if prefix == "/":
        return frozenset({"local-path"})  # "//evil.example" too: needs the "//" check beside it
    if prefix.startswith("/") and not prefix.startswith("//"):
        return frozenset({"redirect", "local-path"})  # a fixed first segment: /account/...
    if _HOST_AND_SLASH.match(prefix):
        return _URLISH  # a fixed scheme and host, closed by "/"
    return frozenset()


def _anchored(pattern: ast.expr) -> bool:
    return (
        isinstance(pattern, ast.Constant)
        and isinstance(pattern.value, str)
        and pattern.value.startswith("^")
        and pattern.value.endswith("$")
    )


def apply(env: dict[str, Any], guard: Mapping[str, frozenset[str]]) -> None:
    for name, kinds in guard.items():
        if name in env:
            env[name] = env[name].clear(kinds)
