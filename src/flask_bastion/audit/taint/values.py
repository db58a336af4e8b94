"""The abstract values the interpreter computes: who controls this data, and how it got here.

A :class:`Val` is what the analysis knows about one Python value: the
taints reaching it (each with its trace and the sink kinds it was made safe
for), its contents under constant keys (so ``d["a"]`` and ``d["b"]`` stay
apart), a rough shape (text, container, file, the request object), a known
constant and a known constant prefix (``f"https://api.example/{x}"`` fixes
the host). Values are immutable; joins build new ones.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace

MAX_TAINTS = 4
"""Taints kept per value: enough for one per origin in practice, bounded for speed."""


class Step:
    """One hop of a flow: file, line and the expression seen there.

    The expression text is rendered from the node only when a finding needs
    it: most steps belong to flows that never reach a sink.
    """

    __slots__ = ("_node", "_text", "column", "line", "note", "path")

    def __init__(
        self,
        path: str,
        line: int,
        column: int,
        expression: str | None = None,
        note: str = "",
        node: ast.AST | None = None,
    ) -> None:
        self.path = path
        self.line = line
        self.column = column
        self.note = note
        self._text = expression
        self._node = node

    @property
    def expression(self) -> str:
        if self._text is None:
            try:
                text = ast.unparse(self._node) if self._node is not None else ""
            except Exception:  # pragma: no cover - unparse of odd nodes
                text = type(self._node).__name__
            text = " ".join(text.split())
            self._text = text if len(text) <= 120 else text[:117] + "..."
            self._node = None
        return self._text

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Step) and (self.path, self.line, self.column, self.note) == (
            other.path,
            other.line,
            other.column,
            other.note,
        )

    def __hash__(self) -> int:
        return hash((self.path, self.line, self.column, self.note))

    def __repr__(self) -> str:
        return f"Step({self.path}:{self.line} {self.expression!r})"


PAIRED_CHECKS: tuple[tuple[frozenset[str], frozenset[str]], ...] = (
    # '..' refused and not absolute: a relative name stays under the base folder
    (frozenset({"no-dotdot", "not-absolute"}), frozenset({"path", "file-save", "file-serve"})),
    # starts with '/' but not '//': a path on this host
    (frozenset({"local-path", "not-network-path"}), frozenset({"redirect"})),
)
"""Marks set by checks that are bypassable alone (see ``guards``) and what the pair proves."""


@dataclass(frozen=True)
class Taint:
    """Attacker-controlled data, or (in a summary) whatever the caller passes as a parameter.

    ``param`` is -1 for a real source and the parameter index for a summary
    placeholder. ``cleared`` holds the sink kinds a sanitizer made this value
    safe for. ``unresolved`` names calls the flow crossed without seeing
    their code (taint was assumed to pass through).
    """

    steps: tuple[Step, ...]
    param: int = -1
    cleared: frozenset[str] = frozenset()
    unresolved: tuple[str, ...] = ()

    @property
    def key(self) -> int:
        return self.param

    def reaches(self, kind: str) -> bool:
        if kind in self.cleared or "*" in self.cleared:
            return False
        for needed, kinds in PAIRED_CHECKS:  # two checks that only together make it safe
            if kind in kinds and needed <= self.cleared:
                return False
        return True

    def then(self, step: Step | None) -> Taint:
        if step is None or (
            self.steps and self.steps[-1].line == step.line and self.steps[-1].path == step.path
        ):
            return self
        return Taint((*self.steps, step)[-24:], self.param, self.cleared, self.unresolved)

    def clear(self, kinds: Iterable[str]) -> Taint:
        return Taint(self.steps, self.param, self.cleared | frozenset(kinds), self.unresolved)

    def crossing(self, call: str) -> Taint:
        if call in self.unresolved or len(self.unresolved) >= 3:
            return self
        return Taint(self.steps, self.param, self.cleared, (*self.unresolved, call))


Key = str | int
"""A constant dict key or index; attributes are stored under ``".name"``."""


@dataclass(frozen=True)
class Val:
    taints: tuple[Taint, ...] = ()
    items: Mapping[Key, Val] | None = field(default=None, compare=False)
    shape: str = "unknown"
    """``str``, ``container``, ``file``, ``request``, ``markup``, ``instance`` or ``unknown``."""
    const: object = None
    has_const: bool = False
    prefix: str | None = None
    cls: str | None = None
    """Qualified name of the project class this value is an instance of."""

    @property
    def tainted(self) -> bool:
        return bool(self.taints) or any(v.tainted for v in (self.items or {}).values())

    def flat(self) -> tuple[Taint, ...]:
        """Every taint in the value, its contents included."""
        if not self.items:
            return self.taints
        out = self.taints
        for v in self.items.values():
            out = merge_taints(out, v.flat())
        return out

    def reaching(self, kind: str) -> tuple[Taint, ...]:
        return tuple(t for t in self.flat() if t.reaches(kind))

    def get(self, key: Key) -> Val:
        """The value under a constant key: precise when known, the whole otherwise."""
        if self.items is not None and key in self.items:
            found = self.items[key]
            return (
                found
                if not self.taints
                else Val(merge_taints(self.taints, found.taints), found.items, found.shape)
            )
        if self.items is not None and self.shape == "container" and not self.taints:
            return CLEAN
        return Val(self.flat(), shape="str" if self.shape == "container" else "unknown")

    def with_item(self, key: Key, value: Val) -> Val:
        items = dict(self.items or {})
        items[key] = value
        return replace(self, items=items, has_const=False, const=None)

    def map_taints(self, fn: Callable[[Taint], tuple[Taint, ...]]) -> Val:
        items = None if self.items is None else {k: v.map_taints(fn) for k, v in self.items.items()}
        out: tuple[Taint, ...] = ()
        for t in self.taints:
            out = merge_taints(out, fn(t))
        return Val(out, items, self.shape, self.const, self.has_const, self.prefix, self.cls)

    def then(self, step: Step | None) -> Val:
        if not self.tainted or step is None:
            return self
        return self.map_taints(lambda t: (t.then(step),))

    def clear(self, kinds: Iterable[str]) -> Val:
        frozen = frozenset(kinds)
        if not self.tainted:
            return self
        return self.map_taints(lambda t: (t.clear(frozen),))


CLEAN = Val()
_UNTAINTED = {shape: Val(shape=shape) for shape in ("str", "container", "unknown", "file", "path")}


def const(value: object) -> Val:
    shape = "str" if isinstance(value, (str, bytes)) else "unknown"
    return Val(
        shape=shape, const=value, has_const=True, prefix=value if isinstance(value, str) else None
    )


def tainted(
    steps: tuple[Step, ...], shape: str = "str", cleared: frozenset[str] = frozenset()
) -> Val:
    return Val((Taint(steps, cleared=cleared),), shape=shape)


def merge_taints(a: tuple[Taint, ...], b: tuple[Taint, ...]) -> tuple[Taint, ...]:
    """Union by origin; for one origin the safe kinds are those safe on both paths."""
    if not b:
        return a
    if not a:
        return b
    out = list(a)
    for t in b:
        for i, s in enumerate(out):
            if s.key == t.key:
                if t.cleared != s.cleared or t.unresolved != s.unresolved:
                    out[i] = replace(
                        s,
                        cleared=s.cleared & t.cleared,
                        unresolved=tuple(dict.fromkeys(s.unresolved + t.unresolved)),
                    )
                break
        else:
            if len(out) < MAX_TAINTS:
                out.append(t)
    return tuple(out)


def join(*vals: Val) -> Val:
    """The value on either path (a merge point, an ``or``, a ``+``)."""
    vals = tuple(v for v in vals if v is not None)
    if not vals:
        return CLEAN
    if len(vals) == 1:
        return vals[0]
    first = vals[0]
    if all(v is first for v in vals):
        return first
    if not any(v.taints or v.items for v in vals):
        same = all(v.has_const and v.const == first.const for v in vals)
        return (
            first
            if same
            else _UNTAINTED.get(first.shape, CLEAN)
            if all(v.shape == first.shape for v in vals)
            else CLEAN
        )
    taints: tuple[Taint, ...] = ()
    for v in vals:
        taints = merge_taints(taints, v.taints)
    items = _join_items([v.items for v in vals])
    shapes = {v.shape for v in vals}
    same_const = all(v.has_const and v.const == first.const for v in vals)
    return Val(
        taints,
        items,
        shapes.pop() if len(shapes) == 1 else "unknown",
        first.const if same_const else None,
        same_const,
        first.prefix if all(v.prefix == first.prefix for v in vals) else None,
        first.cls if all(v.cls == first.cls for v in vals) else None,
    )


def _join_items(all_items: list[Mapping[Key, Val] | None]) -> Mapping[Key, Val] | None:
    present = [i for i in all_items if i is not None]
    if not present:
        return None
    if len(present) == 1 and len(all_items) == 1:
        return present[0]
    keys: dict[Key, None] = {}
    for i in present:
        keys.update(dict.fromkeys(i))
    return {k: join(*[i[k] for i in present if k in i]) for k in keys}


def concat(*vals: Val, prefix: str | None = None) -> Val:
    """Text built from parts (``+``, f-strings, ``%``, ``format``, ``join``)."""
    taints: tuple[Taint, ...] = ()
    for v in vals:
        taints = merge_taints(taints, v.flat())
    return Val(taints, shape="str", prefix=prefix)
