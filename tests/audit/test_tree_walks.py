"""The engine's fast walks see what ``ast.walk`` sees, in the same order.

``index_tree`` and ``iter_subtree`` visit only the fields that can hold nodes
and skip the operator/context singletons; these tests pin that nothing else
is skipped, on every syntax the running Python has (CI runs 3.10 to 3.13).
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

from flask_bastion.audit import project
from flask_bastion.audit.project import index_tree, iter_subtree

SOURCES = {
    "flask-app": (Path(__file__).parents[2] / "examples").rglob("*.py"),
    "engine": Path(project.__file__).parent.glob("*.py"),
}
SNIPPETS = [
    pytest.param("x = [a + b for a, *b in y if not a or b]\ndel z[0]\n", id="expressions"),
    pytest.param(
        "async def f(*a, k=1, **kw):\n    async with c as d:\n        await e\n"
        "    try:\n        pass\n    except (E, F) as err:\n        raise G from err\n",
        id="statements",
    ),
    pytest.param(
        "match x:\n    case {'a': 1, **rest}: pass\n    case P(a=1, b=[*r]) as q: pass\n",
        id="match",
    ),
    pytest.param(
        "type Alias[T: int] = list[T]\nclass C[T, *Ts, **P]: pass\n",
        id="type-params",
        marks=pytest.mark.skipif(sys.version_info < (3, 12), reason="Python 3.12 syntax"),
    ),
    pytest.param("f'{a!r:>{width}}'\nglobal g\nimport a.b as c\n", id="f-strings-imports"),
]


def _files() -> list[str]:
    return [p.read_text() for paths in SOURCES.values() for p in paths]


def _expected(tree: ast.AST) -> list[ast.AST]:
    return [n for n in ast.walk(tree) if not isinstance(n, project._SINGLETONS)]


def _check(source: str) -> None:
    tree = ast.parse(source)
    expected = _expected(tree)
    assert list(iter_subtree(tree)) == expected
    index, parents = index_tree(tree)
    assert sorted(map(id, expected)) == sorted(id(n) for nodes in index.values() for n in nodes)
    for node in expected:
        for child in ast.iter_child_nodes(node):
            if not isinstance(child, project._SINGLETONS):
                assert parents[child] is node


@pytest.mark.parametrize("source", SNIPPETS)
def test_fast_walks_match_ast_walk(source: str) -> None:
    _check(source)


def test_fast_walks_match_ast_walk_on_real_files() -> None:
    files = _files()
    assert len(files) > 10
    for source in files:
        _check(source)


def test_index_lists_nodes_in_source_order() -> None:
    index, _ = index_tree(ast.parse("a()\nif x:\n    b()\nc(d())\n"))
    assert [ast.unparse(n) for n in index[ast.Call]] == ["a()", "b()", "c(d())", "d()"]
