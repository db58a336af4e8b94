"""One function (or module body), interpreted over abstract values.

Flow-sensitive inside a function: statements update an environment of
:class:`~.values.Val`; branches are analysed separately and joined, so a
value replaced by a constant on every path is clean, and a branch that ends
in ``return``/``raise``/``abort()`` does not reach the code after it. Calls
are handled in :mod:`.calls`.
"""

from __future__ import annotations

import ast
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from . import calls, guards, specs
from .context import Context, Hit, Summary, step
from .index import Function, Module
from .values import CLEAN, Key, Step, Taint, Val, concat, const, join, tainted

Env = dict[str, Val]
_NUMERIC_FORMATS = frozenset("diouxXeEfFgGc")
_MAX_DEPTH = 60


class Analyzer:
    """Interprets one function; sink hits on parameters go into its :class:`Summary`."""

    def __init__(
        self,
        ctx: Context,
        module: Module,
        fn: Function | None,
        closure: Env | None = None,
        *,
        placeholders: bool = True,
    ) -> None:
        self.ctx = ctx
        self.placeholders = placeholders
        """Parameters carry placeholder taints (a summary); False for a root pass over sources."""
        self.closure = closure or {}
        """The enclosing function's variables, for a nested function called in place."""
        self.local_defs: set[str] = set()
        self.lambdas: dict[str, ast.Lambda] = {}
        self.module = module
        self.fn = fn
        self.path = module.file.path
        self.summary = Summary()
        self.returns: list[Val] = []
        self.global_names: set[str] = set()
        self.loop_exits: list[list[Env]] = []
        self.derived: dict[str, str] = {}
        """``host = urlparse(url).hostname``: a check on ``host`` vouches for ``url``."""
        self.depth = 0

    # -- entry points --------------------------------------------------------

    def run(self) -> Summary:
        body = self.fn.node.body if self.fn else self.module.file.tree.body
        env = self._initial_env() if self.fn else {}
        end = self.block(body, env)
        if self.fn is None and end is not None:
            for name, val in end.items():
                self.ctx.store_global(self.module.name, name, val, merge=False)
        ret = join(*self.returns) if self.returns else CLEAN
        # a call's result is never a constant to branch on (stubs return None in demos)
        self.summary.ret = replace(ret, const=None, has_const=False) if ret.has_const else ret
        return self.summary

    def _initial_env(self) -> Env:
        assert self.fn is not None
        env: Env = {}
        args = self.fn.node.args
        for i, name in enumerate(self.fn.all_params):
            if i == 0 and self.fn.cls is not None and not _is_static(self.fn.node):
                first = "class" if _is_classmethod(self.fn.node) else "instance"
                env[name] = Val(shape=first, cls=self.fn.cls)
            elif self.fn.route_params is not None:
                env[name] = self._route_param(name)
            elif not self.placeholders:
                env[name] = CLEAN
            else:
                where = step(
                    self.path,
                    self.fn.node,
                    f"parameter {name}",
                    f"def {self.fn.node.name}(... {name} ...)",
                )
                spread = {a.arg for a in (args.vararg, args.kwarg) if a is not None}
                shape = "container" if name in spread else "unknown"
                env[name] = Val((Taint((where,), param=i),), shape=shape)
        return env

    def _route_param(self, name: str) -> Val:
        assert self.fn is not None and self.fn.route_params is not None
        converter = self.fn.route_params.get(name)
        if converter is None or converter not in specs.TAINTING_CONVERTERS:
            return CLEAN
        where = step(
            self.path,
            self.fn.node,
            f"route parameter <{name}>",
            f"def {self.fn.node.name}(... {name} ...)",
        )
        return tainted((where,))

    # -- statements ------------------------------------------------------------

    def block(self, stmts: list[ast.stmt], env: Env | None) -> Env | None:
        for stmt in stmts:
            if env is None:
                return None
            env = self.stmt(stmt, env)
        return env

    def stmt(self, s: ast.stmt, env: Env) -> Env | None:
        self.env = env
        if isinstance(s, ast.Assign):
            if isinstance(s.value, ast.Lambda):
                for t in s.targets:
                    if isinstance(t, ast.Name):
                        self.lambdas[t.id] = s.value
            value = self.expr(s.value)
            for target in s.targets:
                self.assign(target, value, s)
        elif isinstance(s, ast.AnnAssign) and s.value is not None:
            self.assign(s.target, self.expr(s.value), s)
        elif isinstance(s, ast.AugAssign):
            old = self.expr(s.target)
            new = self.expr(s.value)
            self.assign(
                s.target,
                concat(old, new, prefix=old.prefix)
                if old.shape == "str" or new.shape == "str"
                else join(old, new),
                s,
            )
        elif isinstance(s, ast.Expr):
            self.expr(s.value)
            if _is_exit_call(s.value):
                return None
            checked = _containment_check(s.value)
            if checked is not None and checked in self.env:  # p.relative_to(BASE) raises
                self.env[checked] = self.env[checked].clear({"path", "file-save", "file-serve"})
        elif isinstance(s, ast.Return):
            if s.value is not None:
                value = self.expr(s.value)
                self.returns.append(value.then(step(self.path, s)) if value.tainted else value)
                calls.view_return(self, s.value, value)
            return None
        elif isinstance(s, ast.Raise):
            if s.exc is not None:
                self.expr(s.exc)
            return None
        elif isinstance(s, (ast.Break, ast.Continue)):
            if self.loop_exits:
                self.loop_exits[-1].append(env)
            return None
        elif isinstance(s, ast.If):
            return self.if_(s, env)
        elif isinstance(s, (ast.For, ast.AsyncFor)):
            return self.for_(s, env)
        elif isinstance(s, ast.While):
            return self.while_(s, env)
        elif isinstance(s, (ast.With, ast.AsyncWith)):
            for item in s.items:
                value = self.expr(item.context_expr)
                if item.optional_vars is not None:
                    self.assign(item.optional_vars, value, s)
            return self.block(s.body, self.env)
        elif isinstance(s, ast.Try) or type(s).__name__ == "TryStar":
            return self.try_(s, env)
        elif isinstance(s, (ast.Global, ast.Nonlocal)):
            self.global_names.update(s.names)
        elif isinstance(s, ast.Match):
            subject = self.expr(s.subject)
            ends = []
            for case in s.cases:
                branch = dict(env)
                for n in ast.walk(case.pattern):
                    name = getattr(n, "name", None)
                    if isinstance(name, str):
                        branch[name] = subject
                ends.append(self.block(case.body, branch))
            return _join_envs([env, *ends])
        elif isinstance(s, (ast.FunctionDef, ast.AsyncFunctionDef)) and self.fn is not None:
            self.local_defs.add(s.name)
        return self.env

    def if_(self, s: ast.If, env: Env) -> Env | None:
        decided = guards.constant(s.test, self._const_lookup)
        if guards.is_known(decided):
            return self.block(s.body if decided else s.orelse, env)
        self.expr(s.test)
        then_env, else_env = dict(env), dict(env)
        if any(
            isinstance(n, ast.Name) and n.id in env and env[n.id].tainted for n in ast.walk(s.test)
        ):
            pos, neg = guards.guards(
                s.test, self._qualname_or_none, lambda n: n in env and env[n].tainted
            )
            guards.apply(then_env, self._through_derived(pos))
            guards.apply(else_env, self._through_derived(neg))
        return _join_envs([self.block(s.body, then_env), self.block(s.orelse, else_env)])

    def _through_derived(self, guard: guards.Guard) -> guards.Guard:
        out = dict(guard)
        for name, kinds in guard.items():
            origin = self.derived.get(name)
            if origin is not None:
                out[origin] = out.get(origin, frozenset()) | (
                    kinds & guards.URLISH if specs.ALL not in kinds else guards.URLISH
                )
        return out

    def for_(self, s: ast.For | ast.AsyncFor, env: Env) -> Env | None:
        iterable = self.expr(s.iter)
        element = Val(iterable.flat(), shape="str" if iterable.tainted else "unknown")
        self.loop_exits.append([])
        current: Env | None = env
        ends: list[Env | None] = [env]
        for _ in range(2):
            self.env = dict(current) if current is not None else dict(env)
            self.assign(s.target, element, s)
            current = self.block(s.body, self.env)
            ends.append(current)
            if current is None:
                break
        exits = self.loop_exits.pop()
        after = _join_envs([*ends, *exits])
        return self.block(s.orelse, after) if after is not None and s.orelse else after

    def while_(self, s: ast.While, env: Env) -> Env | None:
        always = guards.constant(s.test, self._const_lookup)
        if guards.is_known(always) and not always:
            return env
        self.loop_exits.append([])
        current: Env | None = env
        ends: list[Env | None] = [] if guards.is_known(always) else [env]
        for _ in range(2):
            self.env = dict(current) if current is not None else dict(env)
            self.expr(s.test)
            current = self.block(s.body, self.env)
            ends.append(current)
            if current is None:
                break
        exits = self.loop_exits.pop()
        if guards.is_known(always):
            return _join_envs(exits) if exits else None
        return _join_envs([*ends, *exits])

    def try_(self, s: Any, env: Env) -> Env | None:
        body_end = self.block(s.body, dict(env))
        if body_end is not None and s.orelse:
            body_end = self.block(s.orelse, body_end)
        ends = [body_end]
        start = _join_envs([env, body_end]) or env
        for handler in s.handlers:
            h_env = dict(start)
            if handler.name:
                h_env[handler.name] = CLEAN
            ends.append(self.block(handler.body, h_env))
        after = _join_envs(ends)
        if s.finalbody:
            final = self.block(s.finalbody, dict(after if after is not None else start))
            return final if after is not None else None
        return after

    # -- assignment -------------------------------------------------------------

    def assign(self, target: ast.expr, value: Val, s: ast.AST) -> None:
        if value.tainted and isinstance(s, ast.stmt):
            value = value.then(step(self.path, s))
        if isinstance(target, ast.Name):
            self.env[target.id] = value
            origin = _url_part_of(s)
            if origin is not None:
                self.derived[target.id] = origin
            if self.fn is None or target.id in self.global_names:
                self.ctx.store_global(self.module.name, target.id, value, merge=self.fn is not None)
        elif isinstance(target, (ast.Tuple, ast.List)):
            for i, elt in enumerate(target.elts):
                if isinstance(elt, ast.Starred):
                    self.assign(elt.value, Val(value.flat(), shape="container"), s)
                else:
                    self.assign(elt, value.get(i), s)
        elif isinstance(target, ast.Subscript):
            self._assign_subscript(target, value, s)
        elif isinstance(target, ast.Attribute):
            self._assign_attribute(target, value)
        elif isinstance(target, ast.Starred):
            self.assign(target.value, value, s)

    def _assign_subscript(self, target: ast.Subscript, value: Val, s: ast.AST) -> None:
        qn = self.qualname(target.value)
        if qn in specs.SESSION_OBJECTS:
            key = _const_key(target.slice)
            if key is None or specs.trusted_session_key(str(key)):
                calls.sink(self, "session", value, s)
            if key is not None:  # read back later, from this or another view
                self.ctx.store_global(specs.SESSION, str(key), value, merge=True)
            return
        if isinstance(target.value, ast.Attribute) and target.value.attr == "headers":
            base = self.qualname(target.value.value)
            if base not in specs.REQUEST_OBJECTS:
                location = str(_const_key(target.slice)).lower() == "location"
                calls.sink(self, "redirect" if location else "header", value, s)
            if _const_key(target.slice) in ("Content-Type", "content-type"):
                self._declare_type(target.value.value, value)
            return  # a header is not the body: the response's content stays as it was
        key = _const_key(target.slice)
        if isinstance(target.value, ast.Name) and target.value.id in self.env:
            old = self.env[target.value.id]
            if key is not None:
                new = old.with_item(key, value)
            else:
                new = join(old, Val(value.flat(), shape=old.shape))
            self.env[target.value.id] = new
        elif isinstance(target.value, ast.Attribute):
            old = self.expr(target.value)
            self._assign_attribute(target.value, join(old, Val(value.flat(), shape=old.shape)))

    def _declare_type(self, response: ast.expr, value: Val) -> None:
        """``resp.mimetype = "text/plain"``: the response is no longer HTML."""
        if (
            isinstance(response, ast.Name)
            and response.id in self.env
            and value.has_const
            and "html" not in str(value.const).lower()
        ):
            self.env[response.id] = self.env[response.id].clear({"xss"})

    def _assign_attribute(self, target: ast.Attribute, value: Val) -> None:
        base = target.value
        if target.attr in ("mimetype", "content_type"):
            self._declare_type(base, value)
        owner_qn = self.qualname(base)
        if owner_qn is not None:  # flask.g.lang = ..., othermodule.CACHE = ...
            self.ctx.store_global(owner_qn, target.attr, value, merge=True)
            return
        if isinstance(base, ast.Name) and base.id in self.env:
            owner = self.env[base.id]
            if owner.cls is not None:
                self._store_field(owner.cls, target.attr, value)
            self.env[base.id] = owner.with_item("." + target.attr, value)
            if base.id in self.global_names:
                self.ctx.store_global(self.module.name, base.id, self.env[base.id], merge=True)

    def _store_field(self, cls: str, attr: str, value: Val) -> None:
        params = tuple(t for t in value.taints if t.param >= 0)
        if params:
            self.summary.field_writes.append((cls, attr, Val(params, shape=value.shape)))
        sources = tuple(t for t in value.flat() if t.param < 0)
        self.ctx.store_field(cls, attr, Val(sources, shape=value.shape) if sources else CLEAN)

    # -- expressions -----------------------------------------------------------

    def expr(self, node: ast.expr) -> Val:
        self.depth += 1
        try:
            if self.depth > _MAX_DEPTH:
                return CLEAN
            return self._expr(node)
        finally:
            self.depth -= 1

    def _expr(self, node: ast.expr) -> Val:
        if isinstance(node, ast.Constant):
            return const(node.value)
        if isinstance(node, ast.Name):
            return self.name(node)
        if isinstance(node, ast.Attribute):
            return self.attribute(node)
        if isinstance(node, ast.Call):
            return calls.call(self, node)
        if isinstance(node, ast.Subscript):
            return self.subscript(node)
        if isinstance(node, ast.JoinedStr):
            return self.fstring(node)
        if isinstance(node, ast.FormattedValue):
            return self.expr(node.value)
        if isinstance(node, ast.BinOp):
            return self.binop(node)
        if isinstance(node, ast.BoolOp):
            return join(*[self.expr(v) for v in node.values])
        if isinstance(node, ast.Compare):
            for part in (node.left, *node.comparators):
                self.expr(part)
            return CLEAN
        if isinstance(node, ast.UnaryOp):
            operand = self.expr(node.operand)
            return CLEAN if isinstance(node.op, ast.Not) else operand
        if isinstance(node, ast.IfExp):
            return self.if_expr(node)
        if isinstance(node, ast.Dict):
            return self.dict_(node)
        if isinstance(node, (ast.List, ast.Tuple, ast.Set)):
            return self.sequence(node)
        if isinstance(node, (ast.ListComp, ast.SetComp, ast.GeneratorExp, ast.DictComp)):
            return self.comprehension(node)
        if isinstance(node, (ast.Await, ast.YieldFrom)):
            return self.expr(node.value)
        if isinstance(node, ast.Yield):  # a generator's output is what it yields
            if node.value is not None:
                self.returns.append(self.expr(node.value))
            return CLEAN
        if isinstance(node, ast.NamedExpr):
            value = self.expr(node.value)
            self.assign(node.target, value, node)
            return value
        if isinstance(node, ast.Starred):
            return self.expr(node.value)
        return CLEAN

    def if_expr(self, node: ast.IfExp) -> Val:
        """``col if col in ALLOWED else "id"``: each side sees what the test proved."""
        decided = guards.constant(node.test, self._const_lookup)
        if guards.is_known(decided):
            return self.expr(node.body if decided else node.orelse)
        self.expr(node.test)
        env = self.env
        pos, neg = guards.guards(
            node.test, self._qualname_or_none, lambda n: n in env and env[n].tainted
        )
        sides = []
        for side, guard in ((node.body, pos), (node.orelse, neg)):
            self.env = dict(env)
            guards.apply(self.env, self._through_derived(guard))
            sides.append(self.expr(side))
        self.env = env
        return join(*sides)

    def name(self, node: ast.Name) -> Val:
        if node.id in self.env:
            return self.env[node.id]
        if node.id in self.closure:
            return self.closure[node.id]
        found = self.ctx.globals.get((self.module.name, node.id))
        if found is not None:
            return found
        qn = self.ctx.index.resolve(self.module, node)
        return self.qualified_value(qn) if qn else CLEAN

    def qualified_value(self, qn: str) -> Val:
        """The value of an imported name: the request object, another module's global."""
        if qn in specs.REQUEST_OBJECTS:
            return Val(shape="request")
        if qn in specs.SESSION_OBJECTS:
            return Val(shape="session")
        mod, _, attr = qn.rpartition(".")
        found = self.ctx.globals.get((mod, attr))
        if found is None and mod not in self.ctx.index.modules:
            target = self.ctx.index.modules.get(mod)
            found = self.ctx.globals.get((target.name, attr)) if target else None
        cls = self.ctx.index.klass(qn)
        if found is None and cls is not None:
            return Val(shape="class", cls=cls.qualname)
        return found if found is not None else CLEAN

    def attribute(self, node: ast.Attribute) -> Val:
        qn = self.qualname(node)
        if qn is not None and not calls.is_value_qn(self, qn):
            return self.qualified_value(qn)
        base = self.expr(node.value)
        if base.shape == "request":
            return self.request_attr(node)
        if base.items is not None and "." + node.attr in base.items:
            return base.items["." + node.attr]
        if base.shape == "form-field" and node.attr in ("data", "raw_data"):
            return tainted((step(self.path, node, "source"),), "str")
        if base.cls is not None and (base.shape == "instance"):
            info = self.ctx.index.klass(base.cls)
            if info is not None and info.is_form:
                if node.attr == "data":
                    return tainted((step(self.path, node, "source"),), "container")
                return Val(shape="form-field")
            found = self.ctx.fields.get((base.cls, node.attr))
            if found is not None:
                return found
            return CLEAN if not base.tainted else Val(base.flat(), shape="unknown")
        if not base.tainted:
            return CLEAN
        shape = "file" if node.attr in ("stream",) else "str"
        if base.shape == "container" and node.attr in ("data", "json"):
            shape = "container"
        elif base.shape == "unknown":
            shape = "unknown"  # an attribute of some library's object: maybe not text
        return Val(base.flat(), shape=shape)

    def request_attr(self, node: ast.Attribute) -> Val:
        shape = specs.REQUEST_ATTRS.get(node.attr)
        if shape is None:
            return CLEAN
        if node.attr == "files":
            shape = "files"
        cleared = specs.SOURCE_CLEARED.get(node.attr, frozenset())
        return tainted((step(self.path, node, "source"),), shape, cleared)

    def subscript(self, node: ast.Subscript) -> Val:
        base = self.expr(node.value)
        if isinstance(node.slice, ast.Slice):
            return Val(base.flat(), shape="str" if base.shape == "str" else base.shape)
        key = _const_key(node.slice)
        if key is None:
            self.expr(node.slice)
            got = Val(base.flat(), shape="str" if base.shape in ("container", "str") else "unknown")
        else:
            got = base.get(key)
        if base.shape == "files" and got.tainted:
            return Val(got.taints, shape="file")
        if base.shape == "session":
            return self.ctx.globals.get((specs.SESSION, str(key)), CLEAN) if key else CLEAN
        return got

    def fstring(self, node: ast.JoinedStr) -> Val:
        parts = []
        prefix = ""
        fixed = True
        for v in node.values:
            if isinstance(v, ast.Constant) and isinstance(v.value, str):
                if fixed:
                    prefix += v.value
                continue
            fixed = False
            assert isinstance(v, ast.FormattedValue)
            val = self.expr(v.value)
            spec = v.format_spec
            if spec is not None and _numeric_spec(spec):
                continue
            if v.conversion == ord("r"):
                val = val.clear({"log", "header"})
            parts.append(val)
        return concat(*parts, prefix=prefix)

    def binop(self, node: ast.BinOp) -> Val:
        left, right = self.expr(node.left), self.expr(node.right)
        if isinstance(node.op, ast.Mod) and left.has_const and isinstance(left.const, str):
            fmt = left.const
            if _only_numeric_percent(fmt):
                return const(fmt) if not left.tainted else left
            return concat(left, right, prefix=fmt.split("%", 1)[0])
        if isinstance(node.op, ast.Div) and (left.shape == "path" or right.shape == "path"):
            return Val(join(left, right).flat(), shape="path")
        if isinstance(node.op, ast.Add) and (left.shape == "str" or right.shape == "str"):
            if left.has_const and right.has_const and not (left.tainted or right.tainted):
                try:
                    return const(left.const + right.const)  # type: ignore[operator]
                except TypeError:
                    pass
            return concat(left, right, prefix=left.prefix)
        if not (left.tainted or right.tainted):
            return CLEAN
        out = join(left, right)
        return Val(out.flat(), shape=out.shape)

    def dict_(self, node: ast.Dict) -> Val:
        items: dict[Key, Val] = {}
        whole: list[Val] = []
        for k, v in zip(node.keys, node.values, strict=False):
            value = self.expr(v)
            key = _const_key(k) if k is not None else None
            if key is not None:
                items[key] = value
            else:
                if k is not None:
                    self.expr(k)
                whole.append(Val(value.flat()))
        out = Val(shape="container", items=items)
        return join(out, *whole) if whole else out

    def sequence(self, node: ast.List | ast.Tuple | ast.Set) -> Val:
        vals = [self.expr(e) for e in node.elts]
        if any(isinstance(e, ast.Starred) for e in node.elts) or isinstance(node, ast.Set):
            return Val(concat(*vals).taints, shape="container")
        return Val(shape="container", items=dict(enumerate(vals)))

    def comprehension(self, node: Any) -> Val:
        saved = self.env
        self.env = dict(saved)
        try:
            for gen in node.generators:
                iterable = self.expr(gen.iter)
                self.assign(gen.target, Val(iterable.flat(), shape="str"), gen)
                for cond in gen.ifs:
                    pos, _ = guards.guards(
                        cond,
                        self._qualname_or_none,
                        lambda n: n in self.env and self.env[n].tainted,
                    )
                    guards.apply(self.env, pos)
            if isinstance(node, ast.DictComp):
                out = join(self.expr(node.key), self.expr(node.value))
            else:
                out = self.expr(node.elt)
        finally:
            self.env = saved
        return Val(out.flat(), shape="container")

    # -- names -----------------------------------------------------------------

    def qualname(self, node: ast.expr) -> str | None:
        """A dotted name for module-level things; None when *node* is a local value."""
        root = node
        while isinstance(root, ast.Attribute):
            root = root.value
        if not isinstance(root, ast.Name):
            return None
        if (
            root.id in self.env
            or root.id in self.closure
            or root.id in self.local_defs
            or (self.module.name, root.id) in self.ctx.globals
        ):
            return None
        return self.ctx.index.resolve(self.module, node)

    def _qualname_or_none(self, node: ast.expr) -> str | None:
        return self.qualname(node)

    def _const_lookup(self, name: str) -> object:
        if name in self.env:
            v = self.env[name]
            return v.const if v.has_const else guards.UNKNOWN
        if name in self.module.constants:
            return self.module.constants[name]
        if name == "TYPE_CHECKING":
            return False
        return guards.UNKNOWN

    def step(self, node: ast.AST, note: str = "") -> Step:
        return step(self.path, node, note)

    def report(self, kind: str, sink: Step, taint: Taint, note: str = "") -> None:
        if taint.param >= 0:
            self.summary.hits.append(Hit(kind, taint, sink, note))
        else:
            label = self.fn.qualname if self.fn else self.module.name
            self.ctx.report(kind, sink, taint, label, note)


def _join_envs(envs: Sequence[Env | None]) -> Env | None:
    live = [e for e in envs if e is not None]
    if not live:
        return None
    if len(live) == 1:
        return live[0]
    out: Env = {}
    for name in {k for e in live for k in e}:
        vals = [e[name] for e in live if name in e]
        out[name] = vals[0] if all(v is vals[0] for v in vals) else join(*vals)
    return out


def _containment_check(node: ast.expr) -> str | None:
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


def _url_part_of(s: ast.AST) -> str | None:
    """``urlparse(url).hostname`` (or netloc, scheme) assigned: the name of ``url``."""
    value = getattr(s, "value", None)
    if isinstance(value, ast.Attribute) and value.attr in ("hostname", "netloc", "host", "scheme"):
        call = value.value
        if isinstance(call, ast.Call) and call.args and isinstance(call.args[0], ast.Name):
            func = call.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name in ("urlparse", "urlsplit", "URL", "urlsplit"):
                return call.args[0].id
    return None


def _const_key(node: ast.expr) -> Key | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, (str, int)):
        return node.value if not isinstance(node.value, bool) else None
    return None


def _numeric_spec(spec: ast.expr) -> bool:
    if isinstance(spec, ast.JoinedStr) and len(spec.values) == 1:
        only = spec.values[0]
        if isinstance(only, ast.Constant) and isinstance(only.value, str):
            return bool(only.value) and only.value[-1] in "dxXobeEfFgGn%"
    return False


def _only_numeric_percent(fmt: str) -> bool:
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


def _is_exit_call(node: ast.expr) -> bool:
    if not isinstance(node, ast.Call):
        return False
    func = node.func
    name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
    return name in ("abort", "exit", "_exit") or (
        name == "exit" and isinstance(func, ast.Attribute)
    )


def _is_classmethod(node: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    return any(isinstance(d, ast.Name) and d.id == "classmethod" for d in node.decorator_list)


def _is_static(node: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    return any(isinstance(d, ast.Name) and d.id == "staticmethod" for d in node.decorator_list)
