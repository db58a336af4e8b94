"""The project as the taint engine sees it: names, functions, classes and views.

Built once per :class:`~flask_bastion.audit.project.Project` from the ASTs
the engine parsed (nothing is parsed or imported here). Every name is
resolved through the module's imports and aliases to a dotted qualified
name, so ``from flask import request as rq`` and ``import flask;
flask.request`` mean the same thing, and a helper imported from another
module of the project is found by its qualified name.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..project import Project, PythonFile
from . import specs

_RULE_PARAM = re.compile(r"<(?:([a-zA-Z_][\w]*)(?:\([^)]*\))?:)?([a-zA-Z_]\w*)>")
FunctionNode = ast.FunctionDef | ast.AsyncFunctionDef


@dataclass
class Module:
    file: PythonFile
    name: str
    package: str
    aliases: dict[str, str] = field(default_factory=dict)
    defined: set[str] = field(default_factory=set)
    registrations: list[ast.Call] = field(default_factory=list)
    """``add_url_rule`` / ``add_resource`` calls: views registered without a decorator."""
    constants: dict[str, object] = field(default_factory=dict)
    """Module-level names bound once to a literal (``DEBUG = False``)."""


@dataclass
class Function:
    qualname: str
    node: FunctionNode
    module: Module
    cls: str | None = None
    route_params: dict[str, str] | None = None
    """For views: parameter name -> converter (``""`` for the default)."""

    @property
    def is_view(self) -> bool:
        return self.route_params is not None

    @property
    def params(self) -> list[str]:
        """Positional parameters, in order: what positional arguments bind to."""
        a = self.node.args
        return [p.arg for p in (*a.posonlyargs, *a.args)]

    @property
    def all_params(self) -> list[str]:
        """Every parameter by summary index: positional, keyword-only, ``*args``, ``**kw``."""
        a = self.node.args
        rest = [a.vararg.arg if a.vararg else "*", a.kwarg.arg if a.kwarg else "**"]
        return [*self.params, *(k.arg for k in a.kwonlyargs), *rest]


@dataclass
class ClassInfo:
    qualname: str
    node: ast.ClassDef
    module: Module
    bases: list[str]
    methods: dict[str, str] = field(default_factory=dict)

    @property
    def is_view(self) -> bool:
        return any(b.rsplit(".", 1)[-1] in specs.VIEW_BASES for b in self.bases)

    @property
    def is_form(self) -> bool:
        """A WTForms form: its fields' ``.data`` is what the client posted."""
        return any(
            b.startswith(specs.FORM_MODULES) or b.rsplit(".", 1)[-1] in specs.FORM_BASES
            for b in self.bases
        )


class ProjectIndex:
    """Qualified names of everything defined in the project, and its views."""

    def __init__(self, project: Project) -> None:
        self.project = project
        self.modules: dict[str, Module] = {}
        self.functions: dict[str, Function] = {}
        self.classes: dict[str, ClassInfo] = {}
        self._suffix: dict[str, str] | None = None
        for f in project.python_files:
            self._add_module(f)
        by_module: dict[int, list[Function]] = {}  # one pass, not one per module
        for fn in self.functions.values():
            by_module.setdefault(id(fn.module), []).append(fn)
        for mod in self.modules.values():
            self._collect_routes(mod, by_module.get(id(mod), []))
        self._class_views()

    # -- names -------------------------------------------------------------

    def resolve(self, module: Module, node: ast.expr) -> str | None:
        """The dotted name an expression refers to, through imports; None for values."""
        if isinstance(node, ast.Name):
            if node.id in module.aliases:
                return module.aliases[node.id]
            if node.id in module.defined:
                return f"{module.name}.{node.id}"
            return f"builtins.{node.id}"
        if isinstance(node, ast.Attribute):
            base = self.resolve(module, node.value)
            return f"{base}.{node.attr}" if base else None
        return None

    def function(self, qualname: str) -> Function | None:
        found = self.functions.get(qualname)
        if found is None and "." in qualname:
            found = self.functions.get(self._by_suffix(qualname) or "")
            if found is None:
                found = self.functions.get(self._without_root(qualname, self.functions) or "")
        return found

    def klass(self, qualname: str) -> ClassInfo | None:
        found = self.classes.get(qualname)
        if found is None and "." in qualname:
            found = self.classes.get(self._by_suffix(qualname) or "")
            if found is None:
                found = self.classes.get(self._without_root(qualname, self.classes) or "")
        return found

    def _without_root(self, qualname: str, table: dict[str, Any]) -> str | None:
        """The scan started inside the package: ``flaskbb.forum.views`` is ``forum.views``."""
        parts = qualname.split(".")
        for i in range(1, min(len(parts) - 1, 4)):
            candidate = ".".join(parts[i:])
            if candidate in table:
                return candidate
        return None

    def method(self, cls: str, name: str, depth: int = 0) -> Function | None:
        info = self.klass(cls)
        if info is None or depth > 8:
            return None
        if name in info.methods:
            return self.functions.get(info.methods[name])
        for base in info.bases:
            found = self.method(base, name, depth + 1)
            if found:
                return found
        return None

    def _by_suffix(self, qualname: str) -> str | None:
        """Imports written against another root (``app.views`` vs ``src.app.views``)."""
        if self._suffix is None:
            self._suffix = {}
            for name in (*self.functions, *self.classes):
                parts = name.split(".")
                for i in range(1, len(parts) - 1):
                    self._suffix.setdefault(".".join(parts[i:]), name)
        return self._suffix.get(qualname)

    # -- building ------------------------------------------------------------

    def _add_module(self, f: PythonFile) -> None:
        name = f.module.removesuffix(".__init__")
        is_pkg = f.path.endswith("__init__.py")
        package = name if is_pkg else name.rpartition(".")[0]
        mod = Module(f, name, package)
        self.modules[name] = mod
        counts: dict[str, int] = {}
        for stmt in _statements(f.tree.body):
            if isinstance(stmt, ast.Import):
                for a in stmt.names:
                    if a.asname:
                        mod.aliases[a.asname] = a.name
                    else:
                        root = a.name.split(".")[0]
                        mod.aliases[root] = root
            elif isinstance(stmt, ast.ImportFrom):
                base = _absolute(package, stmt.module, stmt.level)
                for a in stmt.names:
                    if a.name != "*":
                        mod.aliases[a.asname or a.name] = f"{base}.{a.name}" if base else a.name
            elif (
                isinstance(stmt, ast.Expr)
                and isinstance(stmt.value, ast.Call)
                and getattr(stmt.value.func, "attr", None) in ("add_url_rule", "add_resource")
            ):
                mod.registrations.append(stmt.value)
        for stmt in f.tree.body:
            for target in _bound_names(stmt):
                counts[target] = counts.get(target, 0) + 1
            if isinstance(stmt, ast.Assign) and isinstance(stmt.value, ast.Constant):
                for t in stmt.targets:
                    if isinstance(t, ast.Name):
                        mod.constants[t.id] = stmt.value.value
        mod.constants = {k: v for k, v in mod.constants.items() if counts.get(k) == 1}
        self._add_defs(mod, f.tree.body, name, None, top=True)

    def _add_defs(
        self, mod: Module, body: list[ast.stmt], prefix: str, cls: str | None, top: bool = False
    ) -> None:
        for stmt in body:
            if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)):
                qn = f"{prefix}.{stmt.name}"
                if top:
                    mod.defined.add(stmt.name)
                if cls is not None:
                    self.classes[cls].methods[stmt.name] = qn
                self.functions[qn] = Function(qn, stmt, mod, cls)
                self._add_defs(mod, stmt.body, f"{qn}.<locals>", None)
            elif isinstance(stmt, ast.ClassDef):
                qn = f"{prefix}.{stmt.name}"
                if top:
                    mod.defined.add(stmt.name)
                bases = [self.resolve(mod, b) or "" for b in stmt.bases]
                self.classes[qn] = ClassInfo(qn, stmt, mod, bases)
                self._add_defs(mod, stmt.body, qn, qn)
            elif isinstance(stmt, (ast.If, ast.Try, ast.With)) and (top or cls is None):
                for block in _blocks(stmt):
                    self._add_defs(mod, block, prefix, cls, top)

    def _collect_routes(self, mod: Module, functions: list[Function]) -> None:
        for fn in functions:
            for deco in fn.node.decorator_list:
                rule = _route_rule(deco)
                if rule is not None:
                    params = fn.route_params or {}
                    params.update(_rule_params(rule))
                    fn.route_params = params
                elif _is_response_hook(deco) and fn.route_params is None:
                    fn.route_params = {}  # its return value is a response too
            if any(_injects_request_data(d) for d in fn.node.decorator_list):
                # webargs @use_args / flask-smorest @arguments: parameters are parsed request data
                params = fn.route_params or {}
                for name in fn.params:
                    params.setdefault(name, "")
                fn.route_params = params
        for node in mod.registrations:
            if not isinstance(node.func, ast.Attribute):
                continue
            if node.func.attr == "add_url_rule":
                self._add_url_rule(mod, node)
            elif node.func.attr == "add_resource" and node.args:
                rules = [a.value for a in node.args[1:] if isinstance(a, ast.Constant)]
                self._bind_view(mod, node.args[0], rules)

    def _add_url_rule(self, mod: Module, call: ast.Call) -> None:
        rule = call.args[0] if call.args else _kw(call, "rule")
        view = call.args[2] if len(call.args) > 2 else _kw(call, "view_func")
        if isinstance(rule, ast.Constant) and isinstance(rule.value, str) and view is not None:
            self._bind_view(mod, view, [rule.value])

    def _bind_view(self, mod: Module, view: ast.expr, rules: Sequence[object]) -> None:
        params: dict[str, str] = {}
        for r in rules:
            if isinstance(r, str):
                params.update(_rule_params(r))
        if isinstance(view, ast.Call) and isinstance(view.func, ast.Attribute):
            view = view.func.value  # Cls.as_view("name")
        qn = self.resolve(mod, view)
        if qn is None:
            return
        fn = self.function(qn)
        if fn is not None:
            fn.route_params = {**(fn.route_params or {}), **params}
            return
        cls = self.klass(qn)
        if cls is not None:
            for name, mq in cls.methods.items():
                if name in specs.VIEW_METHODS:
                    self.functions[mq].route_params = dict(params)

    def _class_views(self) -> None:
        """Methods of class-based views whose rule was not seen (a custom registration helper).

        Arguments are text, except ids (``id``, ``*_id``, ``pk``), which real rules almost
        always declare ``<int:...>``.
        """
        for cls in self.classes.values():
            if not cls.is_view:
                continue
            for name, mq in cls.methods.items():
                fn = self.functions[mq]
                if name in specs.VIEW_METHODS and fn.route_params is None:
                    fn.route_params = {
                        p.arg: _annotation_converter(p.annotation) or _id_converter(p.arg)
                        for p in fn.node.args.args[1:]
                    }

    def views(self) -> Iterator[Function]:
        return (f for f in self.functions.values() if f.is_view)


def _statements(body: list[ast.stmt]) -> Iterator[ast.stmt]:
    """Every statement, nested blocks included, without visiting expressions (cheap)."""
    stack = list(reversed(body))
    while stack:
        stmt = stack.pop()
        yield stmt
        for name in ("body", "orelse", "finalbody", "handlers", "cases"):
            block = getattr(stmt, name, None)
            if isinstance(block, list):
                for child in reversed(block):
                    if isinstance(child, ast.stmt):
                        stack.append(child)
                    elif isinstance(child, (ast.ExceptHandler, ast.match_case)):
                        stack.extend(reversed(child.body))


def _absolute(package: str, module: str | None, level: int) -> str:
    if level == 0:
        return module or ""
    parts = package.split(".") if package else []
    if level > 1:
        parts = parts[: len(parts) - (level - 1)]
    if module:
        parts.append(module)
    return ".".join(parts)


def _bound_names(stmt: ast.stmt) -> Iterator[str]:
    if isinstance(stmt, ast.Assign):
        for t in stmt.targets:
            for n in ast.walk(t):
                if isinstance(n, ast.Name):
                    yield n.id
    elif isinstance(stmt, (ast.AugAssign, ast.AnnAssign)) and isinstance(stmt.target, ast.Name):
        yield stmt.target.id


def _blocks(stmt: ast.stmt) -> Iterator[list[ast.stmt]]:
    if isinstance(stmt, ast.If):
        yield stmt.body
        yield stmt.orelse
    elif isinstance(stmt, ast.Try):
        yield stmt.body
        for h in stmt.handlers:
            yield h.body
        yield stmt.orelse
        yield stmt.finalbody
    elif isinstance(stmt, ast.With):
        yield stmt.body


def _kw(call: ast.Call, name: str) -> ast.expr | None:
    return next((k.value for k in call.keywords if k.arg == name), None)


def _route_rule(deco: ast.expr) -> str | None:
    if not (isinstance(deco, ast.Call) and isinstance(deco.func, ast.Attribute)):
        return None
    if deco.func.attr not in specs.ROUTE_DECORATORS:
        return None
    arg = deco.args[0] if deco.args else _kw(deco, "rule")
    if isinstance(arg, ast.Constant) and isinstance(arg.value, str) and arg.value.startswith("/"):
        return arg.value
    return None


def _injects_request_data(deco: ast.expr) -> bool:
    func = deco.func if isinstance(deco, ast.Call) else deco
    name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
    return name in specs.ARGUMENT_DECORATORS


def _is_response_hook(deco: ast.expr) -> bool:
    """``@app.errorhandler(404)`` and friends: what they return is sent to the client."""
    func = deco.func if isinstance(deco, ast.Call) else deco
    return isinstance(func, ast.Attribute) and func.attr in specs.RESPONSE_HOOKS


def _rule_params(rule: str) -> dict[str, str]:
    return {m.group(2): (m.group(1) or "") for m in _RULE_PARAM.finditer(rule)}


_ID_PARAM = re.compile(r"^(id|pk)$|_(id|pk)$")


def _id_converter(name: str) -> str:
    return "int" if _ID_PARAM.search(name) else ""


def _annotation_converter(ann: ast.expr | None) -> str:
    if isinstance(ann, ast.Name) and ann.id in ("int", "float", "UUID", "bool"):
        return ann.id.lower()
    return ""
