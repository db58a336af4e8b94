"""FB450-FB469: autoescaping bypasses (M11) in templates and Python."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from typing import Any

from jinja2 import nodes

from ..engine import ModuleContext, TemplateContext
from ..finding import Confidence, Evidence, Finding, Location, Severity
from ..model import UNKNOWN, literal
from ..project import Project, PythonFile, iter_subtree
from ..registry import Scope, rule
from ._common import is_test_path, keyword

SAFE_SOURCES = ("csrf_token", "hidden_tag", "csp_nonce", "url_for", "tojson", "escape", "e")
DATA_METHODS = frozenset({"get", "getlist", "pop", "format", "join", "replace", "strip", "lower"})
"""Calls in templates that hand back data (``request.args.get("q")``), not built markup."""
SAFE_HTML_CALLS = frozenset(
    {"render_template", "render_template_string", "escape", "url_for", "csrf_token",
     "render_macro", "clean", "sanitize", "sanitize_html", "linkify", "generate_csrf"}
)  # fmt: skip
"""Calls whose result is escaped or sanitized HTML (bleach/nh3 ``clean``, ``escape``)."""
MARKUP_NAMES = ("markupsafe.Markup", "flask.Markup", "jinja2.Markup")


def _line(node: Any) -> int:
    return int(getattr(node, "lineno", 1) or 1)


@rule(
    "FB450",
    "template-autoescape-disabled",
    "Autoescaping is switched off inside a template",
    severity=Severity.HIGH,
    confidence=Confidence.HIGH,
    cwe=[79, 116],
    mitigation="M11",
    fix="Remove {% autoescape false %}; mark only vetted constants safe.",
    scope=Scope.TEMPLATE,
)
def template_autoescape_disabled(ctx: TemplateContext) -> Iterator[Finding]:
    """## What it does
    Finds ``{% autoescape false %}`` blocks in Jinja templates.

    ## Why is this bad?
    Every variable printed inside the block goes out as raw HTML: any of
    them holding user data is a stored or reflected XSS.

    ## Example
    ```jinja
    {% autoescape false %}{{ comment.body }}{% endautoescape %}
    ```

    ## Use instead
    ```jinja
    {{ comment.body }}
    ```

    ## References
    - CWE-79: Improper Neutralization of Input During Web Page Generation
    """
    if is_test_path(ctx.template.path):
        return
    for node in ctx.template.tree.find_all(nodes.ScopedEvalContextModifier):
        for option in node.options:
            value = option.value
            if option.key == "autoescape" and isinstance(value, nodes.Const) and not value.value:
                yield template_autoescape_disabled.finding(
                    "{% autoescape false %} prints variables unescaped",
                    Location(ctx.template.path, _line(node)),
                )


def _constant_jinja(node: Any) -> bool:
    if isinstance(node, nodes.Const | nodes.TemplateData):
        return True
    if isinstance(node, nodes.Filter | nodes.Call):
        name = getattr(node, "name", None) or getattr(getattr(node, "node", None), "name", None)
        if name in SAFE_SOURCES:
            return True
        attr = getattr(getattr(node, "node", None), "attr", None)
        if attr in SAFE_SOURCES:
            return True
    if isinstance(node, nodes.Concat):
        return all(_constant_jinja(n) for n in node.nodes)
    if isinstance(node, nodes.Getattr | nodes.Getitem) and _set_by_the_app(node):
        return True
    # {{ widget()|safe }}, {{ render_field(f)|safe }}: markup built by code (macros,
    # widgets), not data a user typed; the data inside was escaped where it was built.
    if isinstance(node, nodes.Call):
        callee = node.node
        if isinstance(callee, nodes.Name | nodes.Call | nodes.Getitem):
            return True  # widget(), widgets.get("list")(), widgets["list"]()
        return isinstance(callee, nodes.Getattr) and callee.attr not in DATA_METHODS
    return False


def _set_by_the_app(node: Any) -> bool:
    """``config["PROJECT_COPYRIGHT"]``, ``flaskbb_config[...]`` (the operator's settings) and
    ``field.description`` / ``form.x.description`` (text the developer wrote in the form)."""
    root = node
    while isinstance(root, nodes.Getattr | nodes.Getitem):
        root = root.node
    if not isinstance(root, nodes.Name):
        return False
    if root.name == "config" or root.name.endswith("_config"):
        return True
    return (
        isinstance(node, nodes.Getattr)
        and node.attr == "description"
        and (root.name in ("field", "form") or root.name.endswith("_form"))
    )


def _markup_variables(project: Project, template: str) -> set[str]:
    """Variables every ``render_template(template, name=...)`` passes as ``Markup(...)``
    (a value built as markup in Python, where FB452 judges it): ``|safe`` adds nothing."""
    passed: dict[str, bool] = {}
    for f, call in _render_calls(project).get(template, ()):
        if template not in f.source:  # the name as written (not escaped or concatenated)
            continue
        for k in call.keywords:
            if k.arg is not None:
                built = _is_markup(k.value, _enclosing(f, call))
                passed[k.arg] = passed.get(k.arg, True) and built
    return {name for name, built in passed.items() if built}


def _render_calls(project: Project) -> dict[str, list[tuple[PythonFile, ast.Call]]]:
    """``render_template("<literal name>", ...)`` calls by template name, found in one
    pass over the project (per template, rescanning every file was quadratic)."""
    found: dict[str, list[tuple[PythonFile, ast.Call]]] | None = project.memo.get(_RENDER_CALLS)
    if found is not None:
        return found
    found = project.memo[_RENDER_CALLS] = {}
    for f in project.python_files:
        for call in f.nodes(ast.Call):
            func = call.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name == "render_template" and call.args:
                template = literal(call.args[0])
                if isinstance(template, str):
                    found.setdefault(template, []).append((f, call))
    return found


_RENDER_CALLS = f"{__name__}.render_calls"


def _enclosing(f: PythonFile, node: ast.AST) -> ast.AST | None:
    parent = f.parent(node)
    while parent is not None and not isinstance(parent, ast.FunctionDef | ast.AsyncFunctionDef):
        parent = f.parent(parent)
    return parent


def _is_markup(value: ast.expr, scope: ast.AST | None) -> bool:
    """``Markup(...)``, or a local name only ever assigned ``Markup(...)`` in *scope*."""
    if isinstance(value, ast.BinOp) and isinstance(value.op, ast.Mod):
        return _is_markup(value.left, None)  # Markup("<b>%s</b>") % name
    if isinstance(value, ast.Call):
        func = value.func
        if isinstance(func, ast.Attribute) and func.attr == "format":
            return _is_markup(func.value, None)  # Markup("<b>{}</b>").format(name)
        return getattr(func, "attr", getattr(func, "id", "")) == "Markup"
    if not isinstance(value, ast.Name) or scope is None:
        return False
    assigned = [
        n.value
        for n in ast.walk(scope)
        if isinstance(n, ast.Assign)
        and any(isinstance(t, ast.Name) and t.id == value.id for t in n.targets)
    ]
    return bool(assigned) and all(_is_markup(v, None) for v in assigned)


_HTML_HINTS = re.compile(r"\.html?\b|text/html|<(html|body|div|p|a|span|table|ul|li|h\d)\b", re.I)
_TEXT_OUTPUTS = re.compile(
    r"\.(txt|cfg|ini|toml|ya?ml|conf|sh|md|rst|sql|csv|eml)\b"
    r"|^\s*(import|from) (click|typer|argparse)\b",
    re.M,
)


def _loads_only_text_templates(ctx: ModuleContext, env: ast.Call) -> bool:
    """``config_env = Environment(...)`` whose every ``get_template("config.cfg.template")``
    in the module names a template that is not HTML."""
    parent = ctx.file.parent(env)
    if not (
        isinstance(parent, ast.Assign)
        and len(parent.targets) == 1
        and isinstance(parent.targets[0], ast.Name)
    ):
        return False
    var = parent.targets[0].id
    names = [
        literal(c.args[0]) if c.args else UNKNOWN
        for c in ctx.nodes(ast.Call)
        if isinstance(c.func, ast.Attribute)
        and c.func.attr == "get_template"
        and isinstance(c.func.value, ast.Name)
        and c.func.value.id == var
    ]
    return bool(names) and all(
        isinstance(n, str) and not _HTML_HINTS.search(n) and "." in n for n in names
    )


def _renders_text_only(source: str) -> bool:
    """A CLI writing a config file, an e-mail's text part: Jinja for non-HTML output, where
    autoescaping would corrupt the text. The module must mention no HTML at all."""
    return not _HTML_HINTS.search(source) and bool(_TEXT_OUTPUTS.search(source))


def _outputs(block: Any) -> list[Any]:
    return [n for out in block.find_all(nodes.Output) for n in out.nodes]


@rule(
    "FB451",
    "safe-filter-on-variable",
    "The |safe filter prints a variable without escaping",
    severity=Severity.HIGH,
    confidence=Confidence.MEDIUM,
    cwe=[79],
    mitigation="M11",
    fix="Drop |safe; if the HTML is meant, sanitize it (e.g. nh3/bleach) where it is produced.",
    scope=Scope.TEMPLATE,
)
def safe_filter_on_variable(ctx: TemplateContext) -> Iterator[Finding]:
    """## What it does
    Finds ``{{ value|safe }}`` where ``value`` is a variable or attribute
    (not a constant, nor a call such as ``csrf_token()`` or a widget that
    builds its own markup, ``widgets.get("list")()`` included), and
    ``{% filter safe %}`` blocks around such values. A variable that every
    ``render_template`` call passes as ``Markup(...)`` is not reported (FB452
    judges how that markup was built), nor the operator's settings
    (``config["FOOTER"]``, ``site_config[...]``) and form field descriptions the
    developer wrote (``field.description``).

    ## Why is this bad?
    ``|safe`` tells Jinja the value is trusted HTML. When it holds anything
    a user wrote, a script in it runs in every visitor's browser.

    ## Example
    ```jinja
    <div>{{ note.body|safe }}</div>
    ```

    ## Use instead
    ```jinja
    <div>{{ note.body }}</div>
    ```

    ## References
    - CWE-79: Improper Neutralization of Input During Web Page Generation
    """
    if is_test_path(ctx.template.path):
        return
    for block in ctx.template.tree.find_all(nodes.FilterBlock):
        if block.filter.name == "safe" and not all(_constant_jinja(n) for n in _outputs(block)):
            yield safe_filter_on_variable.finding(
                "{% filter safe %} disables escaping of a non-constant value",
                Location(ctx.template.path, _line(block)),
            )
    markup: set[str] | None = None
    for node in ctx.template.tree.find_all(nodes.Filter):
        if node.name != "safe" or node.node is None or _constant_jinja(node.node):
            continue
        if isinstance(node.node, nodes.Name):
            if markup is None:
                markup = _markup_variables(ctx.project, ctx.template.name)
            if node.node.name in markup:
                continue
        yield safe_filter_on_variable.finding(
            "|safe disables escaping of a non-constant value",
            Location(ctx.template.path, _line(node)),
        )


_GENERATED_HTML = frozenset(
    {"html_params", "Markup", "int", "float", "len", "round", "quote", "urlencode", "url_encode"}
)
"""Calls whose result is markup the code generated or a number: safe inside ``Markup``."""
_NUMERIC_NAMES = re.compile(
    r"^(id|pk|price|count|total|amount|quantity|qty|size|age|year|score|rating)$|_(id|count)$"
)
"""Attributes and names that hold numbers by convention (``self.price``, ``user_id``)."""

_Locals = dict[str, list[ast.expr]]
"""Local name -> the values it is assigned in the enclosing function."""


def _constant_python(expr: ast.expr, scope: _Locals | None = None) -> bool:
    """Is *expr* safe HTML: constants, and text built only from escaped or generated parts
    (``escape(x)``, ``html_params(...)``, ``url_for(...)``, numbers, widget calls, the
    app's config), following local names to what the function assigns them?"""
    if literal(expr) is not UNKNOWN:
        return True
    if isinstance(expr, ast.BinOp) and isinstance(expr.op, ast.Add):
        return _constant_python(expr.left, scope) and _constant_python(expr.right, scope)
    if isinstance(expr, ast.BinOp) and isinstance(expr.op, ast.Mod):
        parts = expr.right.elts if isinstance(expr.right, ast.Tuple) else [expr.right]
        return _constant_python(expr.left, scope) and all(_constant_python(p, scope) for p in parts)
    if isinstance(expr, ast.JoinedStr):
        return all(
            isinstance(v, ast.Constant)
            or (isinstance(v, ast.FormattedValue) and _formatted_safe(v, scope))
            for v in expr.values
        )
    if isinstance(expr, ast.Name | ast.Attribute):
        return _safe_name(expr, scope)
    if isinstance(expr, ast.Subscript):
        return _reads_config(expr)
    if isinstance(expr, ast.Call):  # rendered templates and escaping helpers are safe HTML
        name = ast.unparse(expr.func).rsplit(".", 1)[-1]
        escaped = any(k.arg == "escape" and literal(k.value) is True for k in expr.keywords)
        if name == "format" and isinstance(expr.func, ast.Attribute):
            values = [*expr.args, *(k.value for k in expr.keywords)]
            return _constant_python(expr.func.value, scope) and all(
                _constant_python(v, scope) for v in values
            )
        return (
            escaped
            or _escaping_renderer(expr.func, scope)
            or name in SAFE_HTML_CALLS
            or name in _GENERATED_HTML
            or "widget" in name.lower()
            or name.lower().startswith("get_url")
            or name.lower().endswith("_url")
            or _reads_config(expr)
        )
    return False


def _safe_name(expr: ast.Name | ast.Attribute, scope: _Locals | None) -> bool:
    """A number by its name, a module constant (``TEMPLATE``), or a local whose every
    assignment in the function is safe (one level: no chains of locals)."""
    name = expr.id if isinstance(expr, ast.Name) else expr.attr
    if _NUMERIC_NAMES.search(name.lower()) or (name.isupper() and len(name) > 1):
        return True
    if not isinstance(expr, ast.Name) or not scope or name not in scope:
        return False
    return all(_constant_python(v) for v in scope[name])


def _escaping_renderer(func: ast.expr, scope: _Locals | None) -> bool:
    """``md = mistune.Markdown(renderer=Renderer(escape=True)); md.render(text)``: a
    renderer built with ``escape=True`` (anywhere in its construction) escapes raw HTML."""
    if not (isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) and scope):
        return False
    built = scope.get(func.value.id, [])
    return bool(built) and all(
        any(
            isinstance(k, ast.keyword) and k.arg == "escape" and literal(k.value) is True
            for k in ast.walk(value)
        )
        for value in built
    )


def _reads_config(expr: ast.expr) -> bool:
    """``current_app.config["RECAPTCHA_HTML"]`` / ``.get(...)``: the operator's settings."""
    target = expr.func if isinstance(expr, ast.Call) else expr
    if not (
        (isinstance(target, ast.Attribute) and target.attr == "get")
        or isinstance(target, ast.Subscript)
    ):
        return False
    target = target.value
    return isinstance(target, ast.Attribute) and target.attr == "config"


def _local_values(fn: ast.AST | None) -> _Locals:
    scope: _Locals = {}
    for node in iter_subtree(fn) if fn is not None else ():
        if isinstance(node, ast.Assign):
            for t in node.targets:
                if isinstance(t, ast.Name):
                    scope.setdefault(t.id, []).append(node.value)
        elif isinstance(node, ast.AugAssign | ast.AnnAssign) and isinstance(node.target, ast.Name):
            if node.value is not None:
                scope.setdefault(node.target.id, []).append(node.value)
        elif isinstance(node, ast.For | ast.AsyncFor | ast.comprehension | ast.withitem):
            bound = node.optional_vars if isinstance(node, ast.withitem) else node.target
            for n in iter_subtree(bound) if bound is not None else ():
                if isinstance(n, ast.Name):  # loop and with variables: values unknown
                    scope.setdefault(n.id, []).append(ast.Name("?"))
    return scope


def _formatted_safe(value: ast.FormattedValue, scope: _Locals | None = None) -> bool:
    spec = value.format_spec
    text = "".join(str(v.value) for v in getattr(spec, "values", ()) if isinstance(v, ast.Constant))
    numeric = bool(text) and text.endswith(("d", "f", "x", "e", "%"))
    return numeric or _constant_python(value.value, scope)


def _normalised(ctx: ModuleContext, call: ast.Call) -> bool:
    """``Markup(value).unescape()`` / ``.striptags()``: plain text back, no HTML is served."""
    parent = ctx.file.parent(call)
    return isinstance(parent, ast.Attribute) and parent.attr in ("unescape", "striptags")


@rule(
    "FB452",
    "markup-of-non-constant",
    "Markup() marks a non-constant string as safe HTML",
    severity=Severity.HIGH,
    confidence=Confidence.MEDIUM,
    cwe=[79],
    mitigation="M11",
    fix='Use Markup("<b>{}</b>").format(value) or escape(value): never Markup(f"...{value}").',
    scope=Scope.MODULE,
)
def markup_of_non_constant(ctx: ModuleContext) -> Iterator[Finding]:
    """## What it does
    Finds ``Markup(x)`` (``markupsafe``, ``flask``, ``jinja2``) where ``x``
    is built from variables: an f-string, ``%``/``format``/concatenation,
    or a plain variable. Results of escaping or sanitizing calls
    (``escape``, bleach/nh3 ``clean``, ``markdown(..., escape=True)``,
    ``render_template``) are trusted, and so is text built only from such parts,
    constants, numbers, ``html_params()``, ``url_for()`` and widget calls
    (``Markup(f'<meta content="{escape(token)}">')``), the app's config, module
    constants, attributes named like numbers (``self.price``) and locals the function
    only assigns such values. ``Markup(value).unescape()`` (normalising input to plain
    text) is not reported.

    ## Why is this bad?
    ``Markup`` promises the string is safe HTML; interpolating data into it
    first skips escaping entirely, so user data becomes script.

    ## Example
    ```python
    flash(Markup(f"Welcome <b>{username}</b>"))
    ```

    ## Use instead
    ```python
    flash(Markup("Welcome <b>{}</b>").format(username))
    ```

    ## References
    - CWE-79: Improper Neutralization of Input During Web Page Generation
    - https://markupsafe.palletsprojects.com/
    """
    if is_test_path(ctx.file.path):
        return
    for call in ctx.nodes(ast.Call):
        if ctx.call_name(call) not in MARKUP_NAMES or not call.args:
            continue
        if _normalised(ctx, call):
            continue
        if _constant_python(call.args[0], _local_values(ctx.enclosing_function(call))):
            continue
        yield markup_of_non_constant.finding(
            "Markup() of a non-constant string skips escaping", ctx.location(call)
        )


@rule(
    "FB453",
    "jinja-environment-without-autoescape",
    "A Jinja environment renders HTML with autoescaping off",
    severity=Severity.HIGH,
    confidence=Confidence.MEDIUM,
    cwe=[79, 116],
    mitigation="M11",
    fix="Pass autoescape=select_autoescape() (or True) to jinja2.Environment.",
    scope=Scope.MODULE,
)
def jinja_environment_without_autoescape(ctx: ModuleContext) -> Iterator[Finding | Evidence]:
    """## What it does
    Finds ``jinja2.Environment(...)`` / ``jinja2.Template(...)`` created
    without ``autoescape`` (Jinja's default is off) or with
    ``autoescape=False``, and ``app.jinja_env.autoescape = False``. An
    environment left at the default in a module that mentions no HTML and
    renders text (a CLI writing ``forum.cfg``, ``.txt`` mail parts), or whose
    every ``get_template(...)`` names a non-HTML template, is not reported: there,
    escaping would corrupt the output.

    ## Why is this bad?
    Templates rendered by such an environment print every variable raw:
    XSS wherever user data reaches them.

    ## Example
    ```python
    env = jinja2.Environment(loader=FileSystemLoader("templates"))
    ```

    ## Use instead
    ```python
    env = jinja2.Environment(loader=..., autoescape=select_autoescape())
    ```

    ## References
    - CWE-79, CWE-116
    - https://jinja.palletsprojects.com/en/stable/api/#autoescaping
    """
    if is_test_path(ctx.file.path):
        return
    bastion = ctx.model.extension("Bastion")
    if bastion is not None and bastion.location.path == ctx.file.path:
        yield jinja_environment_without_autoescape.evidence(
            "Bastion asserts autoescaping is on for HTML templates", bastion.location
        )
    text_only: bool | None = None  # a regex over the whole source: only when needed
    for call in ctx.nodes(ast.Call):
        name = ctx.call_name(call)
        if name not in ("jinja2.Environment", "jinja2.Template", "jinja2.environment.Environment"):
            continue
        value = keyword(call, "autoescape")
        if value is None:
            if any(k.arg is None for k in call.keywords):
                continue
            if text_only is None:
                text_only = _renders_text_only(ctx.file.source)
            if text_only:
                continue
            if _loads_only_text_templates(ctx, call):
                continue
            yield jinja_environment_without_autoescape.finding(
                f"{name.rsplit('.', 1)[-1]}() without autoescape (Jinja's default is off)",
                ctx.location(call),
            )
        elif literal(value) is False:
            yield jinja_environment_without_autoescape.finding(
                "autoescape=False renders variables raw", ctx.location(call)
            )
    for node in ctx.nodes(ast.Assign):
        for target in node.targets:
            is_autoescape = isinstance(target, ast.Attribute) and target.attr == "autoescape"
            if is_autoescape and literal(node.value) is False:
                yield jinja_environment_without_autoescape.finding(
                    "autoescape is switched off on a Jinja environment", ctx.location(node)
                )
