"""Qualified names through imports and aliases, not substrings.

``from flask import Flask as F`` makes ``F(...)`` a ``flask.Flask`` call;
``import flask`` makes ``flask.Flask(...)`` one too; ``from .views import bp``
in ``app/__init__.py`` makes ``bp`` the ``app.views.bp`` object. Names that
no import binds resolve to themselves (a local ``app`` stays ``app``).
"""

from __future__ import annotations

import ast
from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .project import PythonFile

# Re-exports that matter to the rules: the name a library documents is the
# one rules match on, whichever module the project imported it from.
ALIASES = {
    "flask.app.Flask": "flask.Flask",
    "flask.blueprints.Blueprint": "flask.Blueprint",
    "flask.globals.request": "flask.request",
    "flask.globals.session": "flask.session",
    "flask.helpers.make_response": "flask.make_response",
    "flask.templating.render_template": "flask.render_template",
    "flask.views.MethodView": "flask.views.MethodView",
    "jinja2.utils.markupsafe.Markup": "markupsafe.Markup",
    "jinja2.Markup": "markupsafe.Markup",
    "flask.Markup": "markupsafe.Markup",
    "werkzeug.secure_filename": "werkzeug.utils.secure_filename",
    "flask_wtf.csrf.CSRFProtect": "flask_wtf.CSRFProtect",
    "flask_wtf.CsrfProtect": "flask_wtf.CSRFProtect",
    "flask_wtf.csrf.CsrfProtect": "flask_wtf.CSRFProtect",
    "flask_limiter.extension.Limiter": "flask_limiter.Limiter",
    "flask_bastion.extension.Bastion": "flask_bastion.Bastion",
    "flask_login.utils.login_user": "flask_login.login_user",
    "flask_login.utils.login_required": "flask_login.login_required",
}


def file_imports(file: PythonFile) -> dict[str, str]:
    """The import map of *file*, computed once from its shared node index."""
    if file.imports is None:
        nodes: list[ast.AST] = [*file.nodes(ast.Import), *file.nodes(ast.ImportFrom)]
        nodes.sort(key=lambda n: (getattr(n, "lineno", 0), getattr(n, "col_offset", 0)))
        file.imports = imports_of(
            file.tree, file.module, file.path.endswith("__init__.py"), nodes=nodes
        )
    return file.imports


def imports_of(
    tree: ast.Module,
    module: str,
    is_package: bool = False,
    nodes: Iterable[ast.AST] | None = None,
) -> dict[str, str]:
    """Local name -> qualified name for every import in *tree* (any depth)."""
    out: dict[str, str] = {}
    for node in ast.walk(tree) if nodes is None else nodes:
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.asname:
                    out[alias.asname] = alias.name
                else:
                    head = alias.name.split(".", 1)[0]
                    out[head] = head
        elif isinstance(node, ast.ImportFrom):
            base = _absolute(node, module, is_package)
            for alias in node.names:
                if alias.name == "*":
                    continue
                out[alias.asname or alias.name] = f"{base}.{alias.name}" if base else alias.name
    return out


def _absolute(node: ast.ImportFrom, module: str, is_package: bool) -> str:
    if not node.level:
        return node.module or ""
    parts = module.split(".") if module else []
    if not is_package:
        parts = parts[:-1]
    if node.level > 1:
        parts = parts[: len(parts) - (node.level - 1)] if node.level - 1 <= len(parts) else []
    if node.module:
        parts.append(node.module)
    return ".".join(p for p in parts if p)


def dotted(expr: ast.AST) -> str | None:
    """``a.b.c`` for a Name/Attribute chain, None for anything else."""
    if isinstance(expr, ast.Name):  # the common case, without building a list
        return expr.id
    parts: list[str] = []
    while isinstance(expr, ast.Attribute):
        parts.append(expr.attr)
        expr = expr.value
    if isinstance(expr, ast.Name):
        parts.append(expr.id)
        return ".".join(reversed(parts))
    return None


def qualname(expr: ast.AST, imports: dict[str, str]) -> str | None:
    """The qualified name *expr* refers to, resolved through *imports*."""
    name = dotted(expr)
    if name is None:
        if isinstance(expr, ast.Call):  # Flask(__name__).run -> flask.Flask().run
            inner = qualname(expr.func, imports)
            return f"{inner}()" if inner else None
        return None
    head, _, rest = name.partition(".")
    resolved = imports.get(head, head)
    full = f"{resolved}.{rest}" if rest else resolved
    return ALIASES.get(full, full)


def call_name(node: ast.Call, imports: dict[str, str]) -> str:
    """Qualified name of the called function, ``""`` when not a plain name."""
    return qualname(node.func, imports) or ""


def last(name: str | None) -> str:
    """The last dotted part: ``flask_login.login_required`` -> ``login_required``."""
    return (name or "").rsplit(".", 1)[-1]
