"""Expressions, evaluated to abstract values: the half of the interpreter that reads.

:class:`Expressions` is mixed into :class:`~.interpreter.Analyzer`; statements
(assignment, branches, loops) live there, everything that computes a value here:
names and imports, the request's attributes, subscripts with constant keys,
f-strings and ``%``, containers, comprehensions and calls (through :mod:`.calls`).
"""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING, Any, cast

from . import calls, guards, specs, syntax
from .context import Context, Summary, step
from .index import Function, Module
from .values import CLEAN, Key, Val, concat, const, join, tainted

if TYPE_CHECKING:
    from .interpreter import Analyzer

Env = dict[str, Val]
CONFIGURED_BASE = "configured://base"
"""The prefix of text that starts with a value from code or config (not the client):
with a ``/`` right after it, the scheme and host are fixed (see ``sinks._safe_prefix``)."""
_MAX_DEPTH = 60


class Expressions:
    """What an :class:`~.interpreter.Analyzer` knows while it evaluates an expression."""

    ctx: Context
    module: Module
    fn: Function | None
    path: str
    env: Env
    closure: Env
    local_defs: set[str]
    lambdas: dict[str, ast.Lambda]
    returns: list[Val]
    summary: Summary
    depth: int
    derived: dict[str, str]

    @property
    def _analyzer(self) -> Analyzer:
        return cast("Analyzer", self)

    def assign(self, target: ast.expr, value: Val, s: ast.AST) -> None:
        raise NotImplementedError  # statements: interpreter.Analyzer

    def _through_derived(self, guard: guards.Guard) -> guards.Guard:
        raise NotImplementedError

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
            return calls.call(self._analyzer, node)
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
        if node.attr in specs.SOURCE_ATTRIBUTES and calls.uses_rest_framework(self._analyzer):
            return tainted((step(self.path, node, "source"),), "container")
        qn = self.qualname(node)
        if qn is not None and not calls.is_value_qn(self._analyzer, qn):
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
        key = syntax.const_key(node.slice)
        if key is None:
            name = self.expr(node.slice)
            if _namespace(node.value) and name.tainted and not name.prefix:
                return Val(name.flat(), shape="reflected")  # globals()[name]
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
            assert isinstance(v, ast.FormattedValue)
            val = self.expr(v.value)
            if fixed and not prefix and not val.tainted and not val.has_const:
                prefix = CONFIGURED_BASE  # f"{settings.API_URL}/items/{x}": the host is ours
                continue
            fixed = False
            spec = v.format_spec
            if spec is not None and syntax.numeric_spec(spec):
                continue
            if v.conversion == ord("r"):
                val = val.clear({"log", "header"})
            parts.append(val)
        return concat(*parts, prefix=prefix)

    def binop(self, node: ast.BinOp) -> Val:
        left, right = self.expr(node.left), self.expr(node.right)
        if isinstance(node.op, ast.Mod) and left.has_const and isinstance(left.const, str):
            fmt = left.const
            if syntax.only_numeric_percent(fmt):
                return const(fmt) if not left.tainted else left
            return concat(left, right, prefix=fmt.split("%", 1)[0])
        if isinstance(node.op, ast.Div) and (left.shape == "path" or right.shape == "path"):
            out = Val(join(left, right).flat(), shape="path")
            # UPLOAD / name: a path under our folder never reads as a "-option"
            return out if left.tainted else out.clear({"argv"})
        if isinstance(node.op, ast.Add) and (left.shape == "str" or right.shape == "str"):
            if left.has_const and right.has_const and not (left.tainted or right.tainted):
                try:
                    return const(left.const + right.const)  # type: ignore[operator]
                except TypeError:
                    pass
            prefix = left.prefix
            if prefix is None and not left.tainted and not left.has_const and right.has_const:
                prefix = CONFIGURED_BASE + str(right.const)  # API_BASE + "/users/" + uid
            return concat(left, right, prefix=prefix)
        if not (left.tainted or right.tainted):
            return CLEAN
        out = join(left, right)
        return Val(out.flat(), shape=out.shape)

    def dict_(self, node: ast.Dict) -> Val:
        items: dict[Key, Val] = {}
        whole: list[Val] = []
        for k, v in zip(node.keys, node.values, strict=False):
            value = self.expr(v)
            key = syntax.const_key(k) if k is not None else None
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
                    self.expr(cond)  # [n for n in names if re.search(q, n)]: sinks in the test
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


def _namespace(node: ast.expr) -> bool:
    """``globals()``, ``locals()``, ``vars(module)``: every name of a scope, by name."""
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id in ("globals", "locals", "vars")
    )
