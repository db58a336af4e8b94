"""FB454: a user-controlled URL printed as a link target (``javascript:`` URLs, M11).

Autoescaping turns ``<`` and ``"`` into entities; it leaves ``javascript:alert(1)``
alone, and a browser runs that as script when the link is followed. Which values
hold a URL someone else typed is a guess from names (``website``, ``next_url``)
and from where the value comes from (a database column, ``request.args``), so the
rule reports at MEDIUM confidence when the source is known and LOW otherwise.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from dataclasses import dataclass

from jinja2 import nodes

from ..engine import TemplateContext
from ..finding import Confidence, Finding, Location, Severity
from ..project import Project, PythonFile
from ..registry import Scope, rule
from ._common import is_test_path

_ATTRIBUTE = re.compile(r"""\s(href|src|action|formaction|xlink:href)\s*=\s*["']?$""", re.I)
"""Template text ending where a link target's value starts: the value begins with the
expression that follows."""
_URL_WORDS = frozenset(
    {"url", "uri", "website", "homepage", "link", "href", "redirect", "next", "site", "blog"}
    | {"web", "return", "returnto", "callback", "twitter", "github", "linkedin", "facebook"}
    | {"mastodon", "instagram", "youtube", "portfolio", "social", "target"}
)
"""Name parts that say "this holds a URL" (``profile.website``, ``next_url``, ``return_to``)."""
_HARMLESS_FILTERS = frozenset({"e", "escape", "trim", "default", "d", "string", "lower", "strip"})
"""Filters that leave a ``javascript:`` scheme in place; any other (``urlencode``, a
project ``safe_url``) may neutralise it, so the value is not judged."""
_PROFILE_WORDS = frozenset(
    {"website", "homepage", "blog", "twitter", "github", "linkedin", "facebook", "mastodon"}
    | {"instagram", "youtube", "portfolio", "social"}
)
"""Attribute names that are links a user types into a profile, whatever stores them."""
_REQUEST_DATA = frozenset({"args", "values", "form", "cookies", "json"})
_SCHEME_CHECK = re.compile(
    r"""startswith\(\s*\(?\s*["']https?|\.scheme\s*(not\s+)?in\b|\.scheme\s*[!=]=|"""
    r"""scheme\s+(not\s+)?in\s*\(""",
)
_WORD = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])")


@dataclass(frozen=True)
class _Target:
    """The expression printed at the start of a link target."""

    path: tuple[str, ...]
    """``("user", "website")``; ``("request", "args", "next")`` for ``request.args.next``
    and ``request.args.get("next")``."""
    line: int


@rule(
    "FB454",
    "javascript-url-in-link",
    "A user-controlled URL is printed as a link target",
    severity=Severity.MEDIUM,
    confidence=Confidence.MEDIUM,
    cwe=[79, 83],
    mitigation="M11",
    fix="Accept only http(s) URLs where the value is stored or read "
    '(`urlparse(url).scheme in ("http", "https")`), or build the link with `url_for`.',
    scope=Scope.TEMPLATE,
)
def javascript_url_in_link(ctx: TemplateContext) -> Iterator[Finding]:
    """## What it does
    Finds a template printing a value that plausibly holds a URL someone typed
    (its name says `url`, `website`, `homepage`, `link`, `next`, `redirect`...) at the
    start of an `href`, `src`, `action` or `formaction` attribute:
    `<a href="{{ user.website }}">`. MEDIUM confidence when the value is a database
    column or form field of that name (`website = db.Column(...)`) or request data
    (`request.args.get("next")`, a variable a view passes from it), LOW for a
    profile-link attribute (`website`, `homepage`, `github`...) with no such evidence.
    Not reported: values built with `url_for`, a fixed prefix before the value
    (`href="/u/{{ name }}"`), the app's own URLs (`request.url`, `config[...]`), filters
    other than escaping ones (`|urlencode`, a project filter), a property or method of
    that name in the project (it builds the URL), a Python variable every
    `render_template` call passes from `url_for`, a `startswith("http")` test on the value
    in the template, a field the project checks for an http(s) scheme
    (`startswith(("http://", "https://"))`, `urlparse(...).scheme in ...`) in a function
    naming it, and a form field with a WTForms `URL()` validator (current WTForms, checked
    on 3.3, accepts only http and https; older releases let
    `javascript://example.com/%0aalert(1)` through). A URL-ish name with no sign that a
    user typed it (`{{ item.href }}`, a macro argument) is not reported either.

    ## Why is this bad?
    Autoescaping stops `<script>` but not `javascript:alert(document.cookie)`: the
    scheme needs no special character, so a user who sets their "website" to it runs
    script in the session of everyone who clicks the link (stored XSS, CWE-79/CWE-83).

    ## Example
    ```jinja
    <a href="{{ user.website }}">Website</a>
    ```

    ## Use instead
    ```jinja
    {% if user.website and user.website.startswith(("https://", "http://")) %}
      <a href="{{ user.website }}" rel="nofollow noopener">Website</a>
    {% endif %}
    ```

    ## References
    CWE-79, CWE-83; OWASP XSS Prevention Cheat Sheet (rule 5: URL contexts); catalogue M11.
    """
    if is_test_path(ctx.template.path):
        return
    source = ctx.template.source
    if not any(a in source.lower() for a in ("href", "src", "action")):
        return
    checked: set[tuple[int, tuple[str, ...]]] | None = None
    for target in _targets(ctx.template.tree):
        if not _urlish(target.path) or _the_apps_own(target.path):
            continue
        if checked is None:
            checked = _scheme_checked(ctx.template.tree)
        if (target.line, target.path) in checked:
            continue
        confidence = _confidence(_facts(ctx.project, target.path[-1]), target.path)
        if confidence is None:
            continue
        shown = ".".join(target.path)
        yield javascript_url_in_link.finding(
            f"{shown} is printed as a link target: a javascript: URL in it runs as script "
            "(autoescaping does not stop it)",
            Location(ctx.template.path, target.line),
            confidence=confidence,
        )


def _targets(tree: nodes.Template) -> Iterator[_Target]:
    for output in tree.find_all(nodes.Output):
        before = ""
        for child in output.nodes:
            if isinstance(child, nodes.TemplateData):
                before = child.data
                continue
            if _ATTRIBUTE.search(before):
                path = _path(child)
                if path:
                    yield _Target(path, int(child.lineno or 1))
            before = ""


def _path(node: nodes.Node) -> tuple[str, ...]:
    """The dotted name printed, through escaping filters; ``()`` when it is not judged."""
    while isinstance(node, nodes.Filter):
        if node.name not in _HARMLESS_FILTERS or node.node is None:
            return ()
        node = node.node
    if isinstance(node, nodes.CondExpr):  # {{ next or url_for("index") }} is as unsafe
        return _path(node.expr1)
    if isinstance(node, nodes.Or):
        return _path(node.left)
    if isinstance(node, nodes.Call):
        func = node.node
        if (
            isinstance(func, nodes.Getattr)
            and func.attr == "get"
            and node.args
            and isinstance(node.args[0], nodes.Const)
        ):
            base = _path(func.node)
            return (*base, str(node.args[0].value)) if base else ()
        return ()
    if isinstance(node, nodes.Name):
        return (node.name,)
    if isinstance(node, nodes.Getattr):
        base = _path(node.node)
        return (*base, node.attr) if base else ()
    if isinstance(node, nodes.Getitem) and isinstance(node.arg, nodes.Const):
        base = _path(node.node)
        return (*base, str(node.arg.value)) if base else ()
    return ()


def _words(name: str) -> set[str]:
    return {w.lower() for part in name.split("_") for w in _WORD.findall(part)}


def _urlish(path: tuple[str, ...]) -> bool:
    return bool(_words(path[-1]) & _URL_WORDS) or path[-1].lower() in ("returnto", "nexturl")


def _the_apps_own(path: tuple[str, ...]) -> bool:
    """``request.url``, ``config.SITE_URL``, ``g.home_url``: URLs of this app or its operator."""
    root = path[0]
    if root == "request":
        return len(path) < 3 or path[1] not in _REQUEST_DATA
    return root in ("config", "g", "url_for", "self", "loop", "super", "varargs", "kwargs")


def _scheme_checked(tree: nodes.Template) -> set[tuple[int, tuple[str, ...]]]:
    """``{% if user.website.startswith("http") %}...{% endif %}``: (line, path) of every
    value printed inside such a block, for the path the test checks."""
    out: set[tuple[int, tuple[str, ...]]] = set()
    for block in tree.find_all(nodes.If):
        for call in block.test.find_all(nodes.Call):
            func = call.node
            if not (isinstance(func, nodes.Getattr) and func.attr == "startswith"):
                continue
            prefixes = [c.value for c in call.find_all(nodes.Const)]
            if not any(str(p).startswith("http") for p in prefixes):
                continue
            checked = _path(func.node)
            for body in block.body:
                for printed in body.find_all((nodes.Name, nodes.Getattr, nodes.Getitem)):
                    out.add((int(printed.lineno or 1), checked))
    return out


# -- what the Python side says about a name -----------------------------------------


@dataclass(frozen=True)
class _Facts:
    columns: frozenset[str]
    """Attributes stored as database columns (``website = db.Column(...)``)."""
    computed: frozenset[str]
    """Properties and methods: the project builds those values (``def url(self)``)."""
    checked: frozenset[str]
    """Names that appear in a function testing an http(s) scheme."""
    from_url_for: frozenset[str]
    """Template variables every ``render_template`` call passes from ``url_for``."""
    from_request: frozenset[str]
    """Template variables some ``render_template`` call passes from request data."""


def _confidence(facts: _Facts, path: tuple[str, ...]) -> Confidence | None:
    """MEDIUM with evidence the value is typed by a user (a column or form field of that
    name, request data), LOW for a profile-link name alone, ``None`` (not reported) for a
    URL-ish name with no evidence: ``{{ item.href }}``, a macro's ``{{ link }}``."""
    last = path[-1]
    if last in facts.checked or last in facts.computed:
        return None
    if path[0] == "request":
        return Confidence.MEDIUM
    if len(path) == 1:
        return Confidence.MEDIUM if last in facts.from_request - facts.from_url_for else None
    if last in facts.columns:
        return Confidence.MEDIUM
    return Confidence.LOW if _words(last) & _PROFILE_WORDS else None


def _facts(project: Project, name: str) -> _Facts:
    """What the Python files mentioning *name* say about it (a file that does not
    contain the text cannot define, pass or check it), once per name and run."""
    key = f"template_urls.facts.{name}"
    cached = project.memo.get(key)
    if isinstance(cached, _Facts):
        return cached
    columns: set[str] = set()
    computed: set[str] = set()
    checked: set[str] = set()
    passed: list[str] = []
    for f in project.python_files:
        if name not in f.source or is_test_path(f.path):
            continue
        lines = f.source.splitlines() if _SCHEME_CHECK.search(f.source) else None
        functions: list[ast.FunctionDef | ast.AsyncFunctionDef] = [
            *f.nodes(ast.FunctionDef),
            *f.nodes(ast.AsyncFunctionDef),
        ]
        for fn in functions:
            _read_function(fn, name, lines, computed, checked)
        for cls in f.nodes(ast.ClassDef):
            columns.update(_columns(cls, checked))
        if "render_template" in f.source:
            passed.extend(_passed(f, name))
    facts = _Facts(
        frozenset(columns),
        frozenset(computed),
        frozenset(checked),
        frozenset({name} if passed and set(passed) == {"url_for"} else ()),
        frozenset({name} if "request" in passed else ()),
    )
    project.memo[key] = facts
    return facts


def _read_function(
    fn: ast.FunctionDef | ast.AsyncFunctionDef,
    name: str,
    lines: list[str] | None,
    computed: set[str],
    checked: set[str],
) -> None:
    """*lines*: the file's lines when it has a scheme check somewhere, else ``None``."""
    if fn.name == name and fn.args.args and fn.args.args[0].arg in ("self", "cls"):
        computed.add(fn.name)
    text = "\n".join(lines[fn.lineno - 1 : fn.end_lineno]) if lines is not None else ""
    if text and _SCHEME_CHECK.search(text):
        checked.update(n.attr for n in ast.walk(fn) if isinstance(n, ast.Attribute))
        checked.update(n.id for n in ast.walk(fn) if isinstance(n, ast.Name))
        checked.update(
            str(n.value) for n in ast.walk(fn) if isinstance(n, ast.Constant) and n.value
        )


def _passed(f: PythonFile, name: str) -> Iterator[str]:
    """Where each ``render_template(..., name=value)`` in *f* gets its value from."""
    for call in f.nodes(ast.Call):
        if _called(call.func) != "render_template":
            continue
        for kw in call.keywords:
            if kw.arg == name:
                yield _origin(kw.value, _assignments(_enclosing(f, call)))


def _enclosing(f: PythonFile, node: ast.AST) -> ast.AST:
    parent = f.parent(node)
    while parent is not None and not isinstance(parent, (ast.FunctionDef, ast.AsyncFunctionDef)):
        parent = f.parent(parent)
    return parent if parent is not None else f.tree


def _assignments(fn: ast.AST) -> dict[str, list[ast.expr]]:
    out: dict[str, list[ast.expr]] = {}
    for node in ast.walk(fn):
        if isinstance(node, ast.Assign):
            for t in node.targets:
                if isinstance(t, ast.Name):
                    out.setdefault(t.id, []).append(node.value)
    return out


def _origin(value: ast.expr, locals_: dict[str, list[ast.expr]], depth: int = 0) -> str:
    """``url_for`` when the value is built by ``url_for`` (or ``None``, on every path),
    ``request`` when it reads request data, ``other`` else."""
    if isinstance(value, ast.Constant) and value.value is None:
        return "url_for"
    if isinstance(value, ast.Call) and _called(value.func) == "url_for":
        return "url_for"
    if isinstance(value, ast.IfExp):
        kinds = {_origin(value.body, locals_, depth), _origin(value.orelse, locals_, depth)}
        return kinds.pop() if len(kinds) == 1 else ("request" if "request" in kinds else "other")
    if isinstance(value, ast.Name) and value.id in locals_ and depth < 3:
        kinds = {_origin(v, locals_, depth + 1) for v in locals_[value.id]}
        return kinds.pop() if len(kinds) == 1 else ("request" if "request" in kinds else "other")
    if any(isinstance(n, ast.Name) and n.id == "request" for n in ast.walk(value)):
        return "request"
    return "other"


def _called(func: ast.expr) -> str:
    if isinstance(func, ast.Attribute):
        return func.attr
    return func.id if isinstance(func, ast.Name) else ""


def _columns(cls: ast.ClassDef, checked: set[str]) -> set[str]:
    """``website = db.Column(...)``, ``website: Mapped[str] = mapped_column(...)``,
    ``website = StringField(...)`` (a form the user fills). A form field validated by
    WTForms ``URL()`` goes to *checked*: current WTForms accepts only http(s) there."""
    out: set[str] = set()
    for stmt in cls.body:
        target: ast.expr | None = None
        value: ast.expr | None = None
        if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1:
            target, value = stmt.targets[0], stmt.value
        elif isinstance(stmt, ast.AnnAssign):
            target, value = stmt.target, stmt.value
            if "Mapped" in ast.unparse(stmt.annotation) and isinstance(target, ast.Name):
                out.add(target.id)
        if isinstance(target, ast.Name) and isinstance(value, ast.Call):
            called = _called(value.func)
            if called in ("Column", "mapped_column") or called.endswith("Field"):
                out.add(target.id)
            if called.endswith("Field") and any(
                isinstance(n, ast.Call) and _called(n.func) == "URL" for n in ast.walk(value)
            ):
                checked.add(target.id)
    return out
