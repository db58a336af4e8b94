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

from . import guards, sinks, specs, syntax
from .context import Context, Hit, Summary, step
from .expressions import Expressions
from .index import Function, Module
from .values import CLEAN, Step, Taint, Val, concat, join, tainted

Env = dict[str, Val]
_MAX_DEPTH = 60


class Analyzer(Expressions):
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
            if i == 0 and self.fn.cls is not None and not syntax.is_static(self.fn.node):
                first = "class" if syntax.is_classmethod(self.fn.node) else "instance"
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
            if syntax.is_exit_call(s.value):
                return None
            checked = syntax.containment_check(s.value)
            if checked is not None and checked in self.env:  # p.relative_to(BASE) raises
                self.env[checked] = self.env[checked].clear({"path", "file-save", "file-serve"})
        elif isinstance(s, ast.Return):
            if s.value is not None:
                value = self.expr(s.value)
                self.returns.append(value.then(step(self.path, s)) if value.tainted else value)
                sinks.view_return(self, s.value, value)
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
        if body_end is not None and s.handlers and all(_exits(h.body) for h in s.handlers):
            # try: int(page) / except ValueError: abort(400) -- page is a number after this
            for name in syntax.converted_names(s.body):
                if name in body_end:
                    body_end[name] = body_end[name].clear({specs.ALL})
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
            origin = syntax.url_part_of(s)
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
            key = syntax.const_key(target.slice)
            if key is None or specs.trusted_session_key(str(key)):
                sinks.sink(self, "session", value, s)
            if key is not None:  # read back later, from this or another view
                self.ctx.store_global(specs.SESSION, str(key), value, merge=True)
            return
        if isinstance(target.value, ast.Attribute) and target.value.attr == "headers":
            base = self.qualname(target.value.value)
            if base not in specs.REQUEST_OBJECTS:
                location = str(syntax.const_key(target.slice)).lower() == "location"
                sinks.sink(self, "redirect" if location else "header", value, s)
            if syntax.const_key(target.slice) in ("Content-Type", "content-type"):
                self._declare_type(target.value.value, value)
            return  # a header is not the body: the response's content stays as it was
        key = syntax.const_key(target.slice)
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

    def step(self, node: ast.AST, note: str = "") -> Step:
        return step(self.path, node, note)

    def report(self, kind: str, sink: Step, taint: Taint, note: str = "") -> None:
        if taint.param >= 0:
            self.summary.hits.append(Hit(kind, taint, sink, note))
        else:
            label = self.fn.qualname if self.fn else self.module.name
            self.ctx.report(kind, sink, taint, label, note)


def _exits(body: list[ast.stmt]) -> bool:
    """Does this block always leave (return, raise, abort())?"""
    if not body:
        return False
    last = body[-1]
    return isinstance(last, (ast.Return, ast.Raise, ast.Continue, ast.Break)) or (
        isinstance(last, ast.Expr) and syntax.is_exit_call(last.value)
    )


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
