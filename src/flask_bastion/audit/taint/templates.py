"""Which variables a Jinja template renders without escaping (``|safe``, ``autoescape false``).

Reads the trees the engine parsed with Jinja's own parser; follows
``include`` and ``extends`` by name, since included templates share the
caller's variables.
"""

from __future__ import annotations

from typing import Any

from ..project import Project

Unsafe = dict[str, tuple[str, int, str]]
_cache: dict[tuple[int, str], Unsafe] = {}


def forget() -> None:
    """Drop cached template scans (a new run: project ids may be reused)."""
    _cache.clear()


def unsafe_variables(project: Project, name: str) -> Unsafe:
    """Variable name -> (template path, line, snippet) of an unescaped use."""
    key = (id(project), name)
    if key not in _cache:
        if len(_cache) > 512:
            _cache.clear()
        _cache[key] = _scan(project, name, set())
    return _cache[key]


_inline: dict[str, Unsafe] = {}


def unsafe_in_source(source: str) -> Unsafe:
    """The same, for template source given inline (``render_template_string(PAGE, ...)``)."""
    if source not in _inline:
        if len(_inline) > 256:
            _inline.clear()
        out: Unsafe = {}
        try:
            from jinja2 import Environment, TemplateSyntaxError, nodes

            tree = Environment(autoescape=True).parse(source)
        except (ImportError, TemplateSyntaxError):
            tree = None
        if tree is not None:
            _walk(tree, nodes, "<inline>", False, out)
        _inline[source] = out
    return _inline[source]


def _scan(project: Project, name: str, seen: set[str]) -> Unsafe:
    if name in seen or len(seen) > 20:
        return {}
    seen.add(name)
    tpl = project.template(name)
    if tpl is None or tpl.tree is None:
        return {}
    try:
        from jinja2 import nodes
    except ImportError:  # pragma: no cover - jinja2 is a Flask dependency
        return {}
    out: Unsafe = {}
    _walk(tpl.tree, nodes, tpl.path, False, out)
    for node in tpl.tree.find_all((nodes.Include, nodes.Extends)):
        target = getattr(node, "template", None)
        if isinstance(target, nodes.Const) and isinstance(target.value, str):
            for var, where in _scan(project, target.value, seen).items():
                out.setdefault(var, where)
    return out


def _walk(node: Any, nodes: Any, path: str, unescaped: bool, out: Unsafe) -> None:
    if isinstance(node, nodes.Filter) and node.name == "safe":
        root = _root_name(node.node, nodes)
        if root:
            out.setdefault(root, (path, node.lineno, f"{{{{ {root}|safe }}}}"))
    if isinstance(node, (nodes.ScopedEvalContextModifier, nodes.EvalContextModifier)):
        for kw in node.options:
            if kw.key == "autoescape" and isinstance(kw.value, nodes.Const):
                unescaped = not kw.value.value
    if unescaped and isinstance(node, nodes.Output):
        for child in node.nodes:
            root = _root_name(child, nodes)
            if root:
                out.setdefault(root, (path, child.lineno, f"{{{{ {root} }}}} (autoescape off)"))
    for child in node.iter_child_nodes():
        _walk(child, nodes, path, unescaped, out)


def _root_name(node: Any, nodes: Any) -> str | None:
    while isinstance(node, (nodes.Getattr, nodes.Getitem, nodes.Filter)) and node.node is not None:
        if isinstance(node, nodes.Filter) and node.name in ("escape", "e", "striptags", "tojson"):
            return None
        node = node.node
    return node.name if isinstance(node, nodes.Name) else None
