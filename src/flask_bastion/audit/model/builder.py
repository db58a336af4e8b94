"""Build the :class:`FlaskModel` from a project's parsed files (one pass per module)."""

from __future__ import annotations

import ast
from collections.abc import Iterable, Iterator
from typing import Any

from ..finding import Location
from ..names import ALIASES, file_imports, last, qualname
from ..parse.config import env_lines
from ..project import Project, PythonFile, iter_subtree
from .types import (
    _CONVERTER,
    EXTENSIONS,
    ROUTE_METHODS,
    SESSION_LIBRARIES,
    UNKNOWN,
    VIEW_BASES,
    App,
    Blueprint,
    ConfigValue,
    EnvRead,
    Extension,
    FlaskModel,
    Handler,
    Hook,
    JinjaEnv,
    Route,
    literal,
    profile_of,
)

_EXTENSION_LAST_NAMES = frozenset(
    last(name)
    for name in (
        *EXTENSIONS,
        *(alias for alias, target in ALIASES.items() if target in EXTENSIONS),
        "jinja2.Environment",
        "jinja2.Template",
    )
)
"""Last parts of the names ``_extension`` looks for: other calls need no resolving."""


def build_model(project: Project) -> FlaskModel:
    """Read every Python and env file of *project* into one :class:`FlaskModel`."""
    model = FlaskModel()
    builders = [_ModuleBuilder(f, model) for f in project.python_files]
    for step in ("collect_objects", "collect_rest"):
        for b in builders:
            try:
                getattr(b, step)()
            except Exception as exc:  # a model gap must not stop the audit
                model.errors.append((b.file.path, f"{type(exc).__name__}: {exc}"))
    _apply_from_object(model, builders)
    _read_env_files(project, model)
    _read_pyfiles(project, model)
    return model


def _read_pyfiles(project: Project, model: FlaskModel) -> None:
    """``app.config.from_pyfile("settings.cfg")``: the file is Python; read its assignments."""
    for config in project.config_files:
        name = config.path.rsplit("/", 1)[-1]
        if name not in model.pyfiles or is_example_name(name):
            continue
        try:
            tree = ast.parse(config.source)
        except (SyntaxError, ValueError):
            continue
        profile = profile_of(name)
        for stmt in tree.body:
            if not isinstance(stmt, ast.Assign):
                continue
            for target in stmt.targets:
                if isinstance(target, ast.Name) and _is_upper(target.id):
                    loc = Location(config.path, stmt.lineno, stmt.col_offset + 1)
                    value = ConfigValue(
                        target.id,
                        literal(stmt.value),
                        loc,
                        "from_pyfile",
                        stmt.value,
                        None,
                        profile,
                    )
                    model.config[target.id].append(value)


def is_example_name(name: str) -> bool:
    lower = name.lower()
    return any(w in lower for w in ("example", "sample", "template", ".dist"))


def _read_env_files(project: Project, model: FlaskModel) -> None:
    for config in project.config_files:
        if config.kind != "env" or not isinstance(config.data, dict):
            continue
        name = config.path.rsplit("/", 1)[-1].lower()
        if any(w in name for w in ("example", "sample", "template", "dist")):
            continue
        lines = env_lines(config.source)
        for key, value in config.data.items():
            loc = Location(config.path, lines.get(key, 1))
            model.env_files[key] = ConfigValue(
                key, value, loc, "env-file", profile=profile_of(name)
            )


class _ModuleBuilder:
    """Reads one module into the shared model in two passes (objects, then uses)."""

    def __init__(self, file: PythonFile, model: FlaskModel) -> None:
        self.file = file
        self.model = model
        self.imports = file_imports(file)
        self.local: dict[str, str] = {}
        """Local variable name -> qualified name of the object it holds."""

    def loc(self, node: ast.AST) -> Location:
        return Location(
            self.file.path, getattr(node, "lineno", 1), getattr(node, "col_offset", 0) + 1
        )

    def q(self, expr: ast.AST) -> str:
        name = qualname(expr, self.imports) or ""
        head, _, rest = name.partition(".")
        if head in self.local:
            return self.local[head] + (f".{rest}" if rest else "")
        return name

    def scope_of(self, node: ast.AST) -> ast.AST | None:
        """The innermost enclosing function or class, None at module level."""
        current = self.file.parent(node)
        while current is not None and not isinstance(current, _SCOPES):
            current = self.file.parent(current)
        return current

    def collect_objects(self) -> None:
        f = self.file
        for cls in f.nodes(ast.ClassDef):
            self._class(cls)
        assigns: list[ast.Assign | ast.AnnAssign] = [*f.nodes(ast.Assign), *f.nodes(ast.AnnAssign)]
        for node in assigns:
            if not isinstance(node.value, ast.Call):
                continue
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                if isinstance(target, ast.Name):
                    self._object(target.id, node.value, self.scope_of(node))
        for call in f.nodes(ast.Call):
            self._extension(call)

    def _object(self, var: str, call: ast.Call, func: ast.AST | None) -> None:
        name = self.q(call.func)
        own = f"{self.file.module}.{var}" if self.file.module else var
        if name in ("flask.Flask", "flask.app.Flask"):
            self.local[var] = own
            factory = (
                func.name if isinstance(func, (ast.FunctionDef, ast.AsyncFunctionDef)) else None
            )
            self.model.apps.append(App(own, self.loc(call), factory))
        elif name in ("flask.Blueprint", "flask.blueprints.Blueprint"):
            self.local[var] = own
            bp_name = literal(call.args[0]) if call.args else var
            prefix = next((literal(k.value) for k in call.keywords if k.arg == "url_prefix"), None)
            self.model.blueprints[own] = Blueprint(
                own, str(bp_name), self.loc(call), prefix if isinstance(prefix, str) else None
            )
        elif name in ("jinja2.Environment", "jinja2.environment.Environment", "jinja2.Template"):
            auto = next((k.value for k in call.keywords if k.arg == "autoescape"), None)
            self.model.jinja_envs.append(JinjaEnv(self.loc(call), auto, name))
        elif name in EXTENSIONS:
            self.local[var] = own

    def _extension(self, call: ast.Call) -> None:
        func = call.func
        if isinstance(func, ast.Attribute):
            if func.attr not in _EXTENSION_LAST_NAMES:
                return  # resolving keeps an attribute's last part (or renames it by ALIASES)
        elif not (
            isinstance(func, ast.Name) and (func.id in self.imports or func.id in self.local)
        ):
            return  # an unbound bare name resolves to itself, never to a dotted class
        name = self.q(func)
        if name in EXTENSIONS:
            self.model.extensions.append(Extension(EXTENSIONS[name], name, self.loc(call), call))
        elif name in ("jinja2.Environment", "jinja2.Template") and not any(
            e.location == self.loc(call) for e in self.model.jinja_envs
        ):
            auto = next((k.value for k in call.keywords if k.arg == "autoescape"), None)
            self.model.jinja_envs.append(JinjaEnv(self.loc(call), auto, name))

    def _class(self, node: ast.ClassDef) -> None:
        own = f"{self.file.module}.{node.name}"
        bases = {self.q(b) for b in node.bases}
        if any(last(b) in ("FlaskForm", "Form") and "wtf" in b for b in bases):
            self.model.forms.add(own)
        if any(_is_upper(t) for t in _class_assign_names(node)):
            self.model.config_classes[own] = node

    def collect_rest(self) -> None:
        f = self.file
        functions: list[ast.FunctionDef | ast.AsyncFunctionDef] = [
            *f.nodes(ast.FunctionDef),
            *f.nodes(ast.AsyncFunctionDef),
        ]
        for fn in functions:
            self._decorated(fn)
        for cls in f.nodes(ast.ClassDef):
            self._view_class(cls)
        for call in f.nodes(ast.Call):
            self._call(call)
            func = call.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name in ("FileField", "MultipleFileField"):
                self.model.upload_sites.append(self.loc(call))
        for node in f.nodes(ast.Assign):
            self._assign(node, self.scope_of(node))
        for attr in f.nodes(ast.Attribute):
            if attr.attr == "files" and self.q(attr.value) == "flask.request":
                self.model.upload_sites.append(self.loc(attr))
        self._sessions()

    def _sessions(self) -> None:
        f = self.file
        # Only a bound name, or an attribute called ``session``, can resolve to
        # flask.session (aliases and locals keep the last part): skip the rest unresolved.
        bound = self.imports.keys() | self.local.keys()
        candidates = [
            *(n for n in f.nodes(ast.Name) if n.id in bound),
            *(a for a in f.nodes(ast.Attribute) if a.attr == "session"),
        ]
        for node in candidates:
            if self.q(node) == "flask.session":
                self.model.session_sites.append(self.loc(node))
                break
        for imp in f.nodes(ast.ImportFrom):
            if (imp.module or "").split(".")[0] in SESSION_LIBRARIES:
                self.model.session_sites.append(self.loc(imp))
        for imp2 in f.nodes(ast.Import):
            if any(a.name.split(".")[0] in SESSION_LIBRARIES for a in imp2.names):
                self.model.session_sites.append(self.loc(imp2))

    # -- routes and hooks ----------------------------------------------------
    def _decorated(self, fn: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        others = tuple(self.q(d.func if isinstance(d, ast.Call) else d) for d in fn.decorator_list)
        for deco in fn.decorator_list:
            if not isinstance(deco, ast.Call) or not isinstance(deco.func, ast.Attribute):
                if isinstance(deco, ast.Attribute):
                    self._hook(deco, fn, None)
                continue
            attr, owner = deco.func.attr, self.q(deco.func.value)
            if attr == "route" or attr in ROUTE_METHODS:
                self._route(deco, attr, owner, fn, others)
            elif attr in ("errorhandler", "app_errorhandler") and deco.args:
                self.model.error_handlers.append(
                    Handler(_handler_key(deco.args[0]), self.loc(deco), fn, self.file.path)
                )
            else:
                self._hook(deco.func, fn, deco)

    def _hook(
        self, deco: ast.Attribute, fn: ast.FunctionDef | ast.AsyncFunctionDef, call: Any
    ) -> None:
        if deco.attr in (
            "before_request",
            "after_request",
            "before_app_request",
            "after_app_request",
        ):
            kind = deco.attr.replace("_app_", "_")
            headers = tuple(sorted(_headers_set(fn)))
            owner = self.q(deco.value)
            self.model.hooks.append(Hook(kind, owner, self.loc(deco), fn, self.file.path, headers))

    def _route(
        self, deco: ast.Call, attr: str, owner: str, fn: Any, decorators: tuple[str, ...]
    ) -> None:
        rule = literal(deco.args[0]) if deco.args else "/"
        methods: set[str] = {ROUTE_METHODS[attr]} if attr in ROUTE_METHODS else set()
        for kw in deco.keywords:
            if kw.arg == "methods":
                value = literal(kw.value)
                if isinstance(value, (list, tuple, set)):
                    methods |= {str(m).upper() for m in value}
        if not methods:
            methods = {"GET"}
        endpoint = fn.name if hasattr(fn, "name") else str(rule)
        self._add_route(str(rule), methods, deco, owner, fn, endpoint, decorators)

    def _add_route(
        self, rule: str, methods: set[str], node: ast.AST, owner: str, fn: Any, endpoint: str,
        decorators: tuple[str, ...],
    ) -> None:  # fmt: skip
        bp = self.model.find_blueprint(owner) if "." in owner else self.model.blueprints.get(owner)
        skip = {owner + ".route"} | {f"{owner}.{m}" for m in ROUTE_METHODS}
        decos = tuple(d for d in decorators if d not in skip)
        templates = tuple(_rendered_templates(fn, self)) if fn is not None else ()
        if templates:
            self.model.renders_html = True
        converters = tuple((c or "string", n) for c, n in _CONVERTER.findall(rule))
        self.model.routes.append(
            Route(rule, frozenset(methods), self.loc(node), self.file.path, fn, endpoint, owner,
                  bp, decos, converters, templates)
        )  # fmt: skip

    def _view_class(self, node: ast.ClassDef) -> None:
        bases = {self.q(b) for b in node.bases}
        if not bases & VIEW_BASES:
            return
        self.local.setdefault(node.name, f"{self.file.module}.{node.name}")

    # -- calls: config, registration, handlers ---------------------------------
    def _call(self, call: ast.Call) -> None:
        func = call.func
        if isinstance(func, ast.Call) and call.args:  # limiter.limit("5/minute")(bp)
            inner = func.func
            if isinstance(inner, ast.Attribute) and inner.attr in ("limit", "shared_limit"):
                self.model.rate_limited[self.q(call.args[0])] = self.loc(call)
        if not isinstance(func, ast.Attribute):
            if (
                isinstance(func, ast.Name)
                and func.id
                in (
                    "login_required_by_default",
                    "default_deny",
                )
                and call.args
            ):
                self.model.auth_guarded[self.q(call.args[0])] = self.loc(call)
            self._env_read(call)
            return
        attr = func.attr
        if attr in ("login_required_by_default", "default_deny") and call.args:
            self.model.auth_guarded[self.q(call.args[0])] = self.loc(call)
        if attr in ("get", "getenv"):  # (q(func) == "os.getenv" implies attr == "getenv")
            self._env_read(call)
        if attr == "register_blueprint" and call.args:
            bp = self.model.find_blueprint(self.q(call.args[0]))
            if bp is not None:
                bp.registered.append(self.loc(call))
                prefix = next(
                    (literal(k.value) for k in call.keywords if k.arg == "url_prefix"), None
                )
                if isinstance(prefix, str):
                    bp.url_prefix = prefix
        elif attr == "add_url_rule":
            self._add_url_rule(call)
        elif attr == "register_error_handler" and call.args:
            fn = _find_function(self.file.tree, call.args[1]) if len(call.args) > 1 else None
            self.model.error_handlers.append(
                Handler(_handler_key(call.args[0]), self.loc(call), fn, self.file.path)
            )
        elif isinstance(func.value, ast.Attribute) and func.value.attr == "config":
            self._config_call(call, attr)

    def _add_url_rule(self, call: ast.Call) -> None:
        func = call.func
        assert isinstance(func, ast.Attribute)
        rule = literal(call.args[0]) if call.args else "/"
        view = next((k.value for k in call.keywords if k.arg == "view_func"), None)
        if view is None and len(call.args) > 2:
            view = call.args[2]
        methods_kw = next((k.value for k in call.keywords if k.arg == "methods"), None)
        methods = literal(methods_kw) if methods_kw is not None else UNKNOWN
        fn: Any = None
        decorators: tuple[str, ...] = ()
        if (
            isinstance(view, ast.Call)
            and isinstance(view.func, ast.Attribute)
            and view.func.attr == "as_view"
        ):
            fn = _find_class(self.file.tree, view.func.value)
            if fn is not None and not isinstance(methods, (list, tuple, set)):
                methods = [
                    ROUTE_METHODS[m.name]
                    for m in fn.body
                    if isinstance(m, ast.FunctionDef) and m.name in ROUTE_METHODS
                ]
            decorators = _class_decorators(fn, self) if fn is not None else ()
        elif view is not None:
            fn = _find_function(self.file.tree, view)
            if fn is not None:
                decorators = tuple(
                    self.q(d.func if isinstance(d, ast.Call) else d) for d in fn.decorator_list
                )
        if not isinstance(methods, (list, tuple, set)) or not methods:
            methods = ["GET"]
        endpoint = getattr(fn, "name", None) or str(rule)
        self._add_route(str(rule), {str(m).upper() for m in methods}, call, self.q(func.value), fn,
                        endpoint, decorators)  # fmt: skip

    def _config_call(self, call: ast.Call, attr: str) -> None:
        if attr in ("update", "from_mapping", "setdefault"):
            origin = "config.update" if attr != "from_mapping" else "from_mapping"
            if attr == "setdefault" and len(call.args) == 2:
                self._config(literal(call.args[0]), call.args[1], call, origin)
                return
            for arg in call.args:
                if isinstance(arg, ast.Dict):
                    for k, v in zip(arg.keys, arg.values, strict=True):
                        if k is not None:
                            self._config(literal(k), v, v, origin)
                elif isinstance(arg, ast.Call) and getattr(arg.func, "id", None) == "dict":
                    for kw in arg.keywords:
                        if kw.arg:
                            self._config(kw.arg, kw.value, kw.value, origin)
            for kw in call.keywords:
                if kw.arg:
                    self._config(kw.arg, kw.value, kw.value, origin)
        elif attr == "from_object" and call.args:
            self._pending_objects.append((call.args[0], call))
        elif attr == "from_pyfile" and call.args:
            name = literal(call.args[0])
            if isinstance(name, str):
                self.model.pyfiles.add(name.replace("\\", "/").rsplit("/", 1)[-1])
        elif attr == "from_prefixed_env":
            self.model.env_reads.append(EnvRead("FLASK_*", None, self.loc(call)))

    @property
    def _pending_objects(self) -> list[tuple[ast.expr, ast.Call]]:
        if not hasattr(self, "_pending"):
            self._pending: list[tuple[ast.expr, ast.Call]] = []
        return self._pending

    def _assign(self, node: ast.Assign, func: ast.AST | None) -> None:
        for target in node.targets:
            if isinstance(target, ast.Subscript) and isinstance(target.value, ast.Attribute):
                if target.value.attr == "config":
                    self._config(literal(target.slice), node.value, target, "app.config")
            elif isinstance(target, ast.Attribute) and target.attr == "session_interface":
                self.model.server_sessions.append(self.loc(target))
            elif isinstance(target, ast.Attribute) and target.attr in ATTRIBUTE_CONFIG:
                key = ATTRIBUTE_CONFIG[target.attr]
                self._config(key, node.value, target, "attribute")
            elif isinstance(target, ast.Attribute) and target.attr in ("secret_key", "debug"):
                if (
                    self.q(target.value) in {a.qualname for a in self.model.apps}
                    or target.attr == "secret_key"
                ):
                    key = "SECRET_KEY" if target.attr == "secret_key" else "DEBUG"
                    self._config(key, node.value, target, "attribute")
            elif isinstance(target, ast.Name) and func is None and _is_upper(target.id):
                profile = profile_of(self.file.module.rsplit(".", 1)[-1])
                self._config(target.id, node.value, target, "module", profile)

    def _config(
        self, key: Any, expr: ast.expr, node: ast.AST, origin: str, profile: str | None = None
    ) -> None:
        if not isinstance(key, str):
            return
        env = _env_var(expr, self)
        value = literal(env[1]) if env else literal(expr)
        self.model.config[key].append(
            ConfigValue(key, value, self.loc(node), origin, expr, env[0] if env else None, profile)
        )

    def _env_read(self, call: ast.Call) -> None:
        env = _env_var(call, self)
        if env is not None:
            self.model.env_reads.append(EnvRead(env[0], env[1], self.loc(call)))


ATTRIBUTE_CONFIG = {
    "permanent_session_lifetime": "PERMANENT_SESSION_LIFETIME",
    "testing": "TESTING",
    "session_cookie_name": "SESSION_COOKIE_NAME",
}
"""``app.<attribute> = ...`` forms Flask maps onto configuration keys."""


def _env_var(expr: ast.expr, b: _ModuleBuilder) -> tuple[str, ast.expr | None] | None:
    """``(name, default)`` when *expr* reads an environment variable (``or "x"`` counts)."""
    if isinstance(expr, ast.BoolOp) and isinstance(expr.op, ast.Or) and len(expr.values) == 2:
        inner = _env_var(expr.values[0], b)
        if inner is not None:
            return inner[0], expr.values[1]
    if isinstance(expr, ast.Subscript) and b.q(expr.value) == "os.environ":
        name = literal(expr.slice)
        return (name, None) if isinstance(name, str) else None
    if not isinstance(expr, ast.Call) or not expr.args:
        return None
    name = b.q(expr.func)
    if name in ("os.environ.get", "os.getenv", "os.environ.setdefault") or (
        isinstance(expr.func, ast.Attribute) and expr.func.attr in ("get", "getenv")
        and last(b.q(expr.func.value)) in ("environ", "env")
    ):  # fmt: skip
        var = literal(expr.args[0])
        default = expr.args[1] if len(expr.args) > 1 else None
        default = next((k.value for k in expr.keywords if k.arg == "default"), default)
        return (var, default) if isinstance(var, str) else None
    return None


def _apply_from_object(model: FlaskModel, builders: list[_ModuleBuilder]) -> None:
    """Config classes become config values; used classes count whatever their name."""
    for qual, node in model.config_classes.items():
        chain = _class_chain(qual, model)
        names = " ".join(n.split(".")[-1] for n in chain)
        profile = profile_of(node.name) or (
            profile_of(names) if profile_of(names) == "testing" else None
        )
        owner = qual.rsplit(".", 1)[0]
        builder = next((b for b in builders if b.file.module == owner), None)
        if builder is None:
            continue
        for stmt in node.body:
            if isinstance(stmt, ast.Assign):
                for t in stmt.targets:
                    if isinstance(t, ast.Name) and _is_upper(t.id):
                        builder._config(t.id, stmt.value, t, f"class {node.name}", profile)
            elif (
                isinstance(stmt, ast.AnnAssign)
                and isinstance(stmt.target, ast.Name)
                and stmt.value is not None
                and _is_upper(stmt.target.id)
            ):
                builder._config(
                    stmt.target.id, stmt.value, stmt.target, f"class {node.name}", profile
                )


def _class_chain(qual: str, model: FlaskModel) -> list[str]:
    return [qual]


def _is_upper(name: str) -> bool:
    return name.isupper() and not name.startswith("_")


def _class_assign_names(node: ast.ClassDef) -> Iterator[str]:
    for stmt in node.body:
        if isinstance(stmt, ast.Assign):
            yield from (t.id for t in stmt.targets if isinstance(t, ast.Name))
        elif isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name):
            yield stmt.target.id


_SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)


def _handler_key(expr: ast.expr) -> str:
    value = literal(expr)
    if isinstance(value, int):
        return str(value)
    return last(qualname(expr, {}) or "") or "?"


def _headers_set(fn: ast.AST) -> set[str]:
    """Header names a hook sets (``response.headers["X"] = ...``, ``.setdefault``)."""
    out: set[str] = set()
    for node in iter_subtree(fn):
        if isinstance(node, ast.Subscript) and isinstance(node.value, ast.Attribute):
            if node.value.attr == "headers" and isinstance(node.ctx, ast.Store):
                name = literal(node.slice)
                if isinstance(name, str):
                    out.add(name.lower())
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            target = node.func.value
            if (
                isinstance(target, ast.Attribute)
                and target.attr == "headers"
                and node.args
                and node.func.attr in ("setdefault", "set", "add", "__setitem__", "update")
            ):
                name = literal(node.args[0])
                if isinstance(name, str):
                    out.add(name.lower())
                elif isinstance(node.args[0], ast.Dict):
                    out |= {str(literal(k)).lower() for k in node.args[0].keys if k is not None}
    return out


def _rendered_templates(fn: ast.AST, b: _ModuleBuilder) -> Iterable[str]:
    for node in iter_subtree(fn):
        if (
            isinstance(node, ast.Call)
            and node.args
            and last(b.q(node.func)) in ("render_template", "stream_template")
        ):
            name = literal(node.args[0])
            if isinstance(name, str):
                yield name
            elif isinstance(name, (list, tuple)):
                yield from (str(n) for n in name)


def _find_function(
    tree: ast.Module, ref: ast.expr
) -> ast.FunctionDef | ast.AsyncFunctionDef | None:
    if not isinstance(ref, ast.Name):
        return None
    for node in iter_subtree(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name == ref.id:
            return node
    return None


def _find_class(tree: ast.Module, ref: ast.expr) -> ast.ClassDef | None:
    if not isinstance(ref, ast.Name):
        return None
    return next(
        (n for n in iter_subtree(tree) if isinstance(n, ast.ClassDef) and n.name == ref.id), None
    )


def _class_decorators(node: ast.ClassDef, b: _ModuleBuilder) -> tuple[str, ...]:
    out: list[str] = []
    for stmt in node.body:
        if not isinstance(stmt, ast.Assign) or not isinstance(stmt.value, (ast.List, ast.Tuple)):
            continue
        if any(
            isinstance(t, ast.Name) and t.id in ("decorators", "method_decorators")
            for t in stmt.targets
        ):
            out.extend(b.q(e.func if isinstance(e, ast.Call) else e) for e in stmt.value.elts)
    return tuple(out)
