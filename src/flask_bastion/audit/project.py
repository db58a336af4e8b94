"""What the engine hands to rules: the scanned files, parsed once.

These names are a contract between the engine (which fills them), the taint
engine and the rules (which read them). Fields may be added; none may be
renamed.
"""

from __future__ import annotations

import ast
from collections import defaultdict, deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, TypeVar

_N = TypeVar("_N", bound=ast.AST)


_SINGLETONS = (ast.expr_context, ast.boolop, ast.operator, ast.unaryop, ast.cmpop)
"""Load/Store, ``+``, ``and``, ``==``...: one shared instance each in a parsed tree."""
_SCALAR_FIELDS = frozenset(
    {"id", "attr", "arg", "name", "asname", "module", "level", "kind", "type_comment",
     "conversion", "is_async", "kwd_attrs", "tag", "ctx", "op", "ops"}
)  # fmt: skip
"""Fields that never hold a node worth indexing (strings, numbers, the singletons);
except ``TypeAlias.name`` (3.12+), a ``Name`` node."""
_CHILD_FIELDS: dict[type, tuple[str, ...]] = {}


def _holds_nodes(cls: type, name: str) -> bool:
    if name == "name":
        return cls.__name__ == "TypeAlias"
    return name not in _SCALAR_FIELDS and not (cls is ast.Constant and name == "value")


def _child_fields(cls: type) -> tuple[str, ...]:
    fields = tuple(name for name in cls._fields if _holds_nodes(cls, name))  # type: ignore[attr-defined]
    _CHILD_FIELDS[cls] = fields
    return fields


def index_tree(tree: ast.AST) -> tuple[dict[type, list[ast.AST]], dict[ast.AST, ast.AST]]:
    """One walk: nodes grouped by type (source order) and each node's parent.

    The operator and context singletons (:data:`_SINGLETONS`) are left out:
    the parser shares one instance of each across the tree, so they have no
    single parent, and they were a third of the walk's work. Only the fields
    that can hold nodes are visited (a per-class table, built on first sight).
    """
    index: dict[type, list[ast.AST]] = defaultdict(list)
    parents: dict[ast.AST, ast.AST] = {}
    stack: list[ast.AST] = [tree]
    pop, node_type, fields_of = stack.pop, ast.AST, _CHILD_FIELDS.get
    while stack:
        node = pop()
        cls = node.__class__
        index[cls].append(node)
        fields = fields_of(cls)
        if fields is None:
            fields = _child_fields(cls)
        children: list[ast.AST] = []
        for name in fields:
            value = getattr(node, name, None)
            if value.__class__ is list:
                for item in value:
                    if isinstance(item, node_type):
                        children.append(item)
            elif isinstance(value, node_type):
                children.append(value)
        if children:
            for child in children:
                parents[child] = node
            children.reverse()
            stack.extend(children)
    return index, parents


def iter_subtree(node: ast.AST) -> Iterator[ast.AST]:
    """``ast.walk(node)``, in the same breadth-first order, without the singletons.

    Twice as fast as ``ast.walk`` (it visits only the fields that can hold
    nodes); rules that look for calls, names or statements under a function
    use it. The operator and context singletons (:data:`_SINGLETONS`) are not
    yielded: test ``node.ctx`` or ``node.op`` on their owner instead.
    """
    todo = deque([node])
    pop, push, node_type, fields_of = todo.popleft, todo.append, ast.AST, _CHILD_FIELDS.get
    while todo:
        node = pop()
        fields = fields_of(node.__class__)
        if fields is None:
            fields = _child_fields(node.__class__)
        for name in fields:
            value = getattr(node, name, None)
            if value.__class__ is list:
                for item in value:
                    if isinstance(item, node_type):
                        push(item)
            elif isinstance(value, node_type):
                push(value)
        yield node


@dataclass
class PythonFile:
    """One Python source file, parsed once with ``ast``."""

    path: str
    """Relative to the scan root, POSIX separators (``app/views.py``)."""
    module: str
    """Dotted module name relative to the scan root (``app.views``)."""
    source: str
    tree: ast.Module
    parser: str = "ast"
    """Which parser produced ``tree``: ``ast`` or a fallback for newer syntax."""
    _index: dict[type, list[ast.AST]] | None = field(default=None, repr=False, compare=False)
    _parents: dict[ast.AST, ast.AST] | None = field(default=None, repr=False, compare=False)
    imports: dict[str, str] | None = field(default=None, repr=False, compare=False)
    """Local name -> qualified name, filled once by ``names.file_imports``."""

    def line(self, number: int) -> str:
        lines = self.source.splitlines()
        return lines[number - 1] if 0 < number <= len(lines) else ""

    def nodes(self, kind: type[_N]) -> list[_N]:
        """Every node of *kind*, in source order, from one shared walk of ``tree``.

        The engine, the Flask model, the rules and the taint engine all read
        this index instead of walking the tree again each.
        """
        if self._index is None:
            self._index, self._parents = index_tree(self.tree)
        return self._index.get(kind, [])  # type: ignore[return-value]

    def parent(self, node: ast.AST) -> ast.AST | None:
        if self._parents is None:
            self._index, self._parents = index_tree(self.tree)
        return self._parents.get(node)

    @property
    def parents(self) -> dict[ast.AST, ast.AST]:
        if self._parents is None:
            self._index, self._parents = index_tree(self.tree)
        return self._parents


@dataclass
class TemplateFile:
    """One Jinja template, parsed with Jinja's own parser."""

    path: str
    name: str
    """The name views use in ``render_template`` (relative to its templates folder)."""
    source: str
    tree: Any
    """``jinja2.nodes.Template``."""


@dataclass
class ConfigFile:
    """A non-Python file a Flask project is configured by (.env, *.cfg, requirements...)."""

    path: str
    kind: str
    """``env``, ``ini``, ``toml``, ``yaml``, ``dockerfile``, ``procfile``,
    ``requirements`` or ``lock``."""
    source: str
    data: Any = None
    """Parsed content where the format has a parser (a dict), else None."""


@dataclass
class Project:
    """Everything one audit run read; rules of scope PROJECT receive this."""

    root: str
    python_files: list[PythonFile] = field(default_factory=list)
    templates: list[TemplateFile] = field(default_factory=list)
    config_files: list[ConfigFile] = field(default_factory=list)
    model: Any = None
    """The Flask model (apps, blueprints, routes, config, extensions) built by the engine."""
    memo: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)
    """Indexes a rule derives from the whole project once per run, for all its calls
    (key: ``"<module>.<name>"``): per-template or per-route rules must not rescan every file."""

    def file(self, path: str) -> PythonFile | None:
        return next((f for f in self.python_files if f.path == path), None)

    def template(self, name: str) -> TemplateFile | None:
        return next((t for t in self.templates if t.name == name or t.path.endswith(name)), None)
