"""Sinks: which arguments of a call must not carry taint, and the extra conditions some need.

``check`` applies a :class:`~.specs.Sink` row to a call; each condition (``shell``,
``yaml``, ``html``, ``template``...) narrows the arguments that count (``subprocess``
only with ``shell=True`` or a tainted program, ``yaml.load`` only without a safe
loader). ``view_return`` is the sink of a view's own return value (text sent as HTML).
"""

from __future__ import annotations

import ast
import re
from typing import TYPE_CHECKING

from . import specs, templates
from .syntax import dotted as _dotted
from .syntax import short as _short
from .values import CLEAN, Step, Val

if TYPE_CHECKING:
    from .interpreter import Analyzer

Args = list[Val]
Kwargs = dict[str | None, Val]
_FIXED_HOST = re.compile(r"^[a-zA-Z][\w+.-]*://[^/?#{}]+[/?#]")
_CONFIGURED = "configured://base"
_LOCAL_PATH = re.compile(r"^/[^/\\]")


def check(
    an: Analyzer,
    node: ast.Call,
    row: specs.Sink,
    args: Args,
    kwargs: Kwargs,
    recv: Val | None,
    *,
    qualified: bool = False,
) -> None:
    """Report the arguments of *node* that reach sink *row* (its extra condition holds)."""
    if qualified or not row.check:  # unambiguous: evidence that the sink is used safely
        an.ctx.saw(row.kind, an.step(node))
    vals: list[Val] = []
    if row.receiver and recv is not None:
        vals.append(recv)
    for i in row.args:
        if i < len(node.args) and not any(isinstance(a, ast.Starred) for a in node.args[:i]):
            vals.append(args[i])
    vals.extend(kwargs[k] for k in row.keywords if k in kwargs)
    if row.check == "template":
        _template(an, node, vals, args, kwargs, recv)
        return
    if not any(v.tainted for v in vals):
        return
    condition = _CONDITIONS.get(row.check)
    if condition is not None:
        vals = condition(an, node, vals, args, kwargs, recv)
    for v in vals:
        sink(an, row.kind, v, node)


def sink(
    an: Analyzer, kind: str, val: Val, node: ast.AST, note: str = "", extra: Step | None = None
) -> None:
    if not val.tainted or _safe_prefix(kind, val):
        return
    reaching = val.reaching(kind)
    if not reaching:
        return
    where = an.step(node)
    for t in reaching:
        an.report(kind, where, t.then(extra), note)


def _safe_prefix(kind: str, val: Val) -> bool:
    prefix = val.prefix
    if prefix is None or kind not in ("redirect", "ssrf"):
        return False
    if prefix.startswith(_CONFIGURED):
        return prefix[len(_CONFIGURED) :].startswith(("/", "?", "#"))  # {API_BASE}/path/{x}
    if _FIXED_HOST.match(prefix):
        return True
    return kind == "redirect" and bool(_LOCAL_PATH.match(prefix))


def view_return(an: Analyzer, expr: ast.expr, val: Val) -> None:
    """A view returning text built from request data: Flask sends it as ``text/html``."""
    if an.fn is None or not an.fn.is_view:
        return
    if isinstance(expr, ast.Tuple) and expr.elts:
        headers = [e for e in expr.elts[1:] if isinstance(e, ast.Dict)]
        for extra in headers:
            _tuple_headers(an, extra)
        if any(_declares_non_html(h) for h in headers):
            return
        val, expr = val.get(0), expr.elts[0]
    if val.shape in ("str", "response"):
        sink(an, "xss", val, _built_at(an, expr) if val.shape == "response" else expr)


def _built_at(an: Analyzer, expr: ast.expr) -> ast.expr:
    """``resp = make_response(body)`` ... ``return resp``: the body is written where the
    response is built, so the finding goes there (the last such assignment above)."""
    if not isinstance(expr, ast.Name) or an.fn is None:
        return expr
    found: ast.expr = expr
    last = 0
    for node in ast.walk(an.fn.node):
        if (
            isinstance(node, ast.Assign)
            and isinstance(node.value, ast.Call)
            and last < node.lineno < expr.lineno
            and any(isinstance(t, ast.Name) and t.id == expr.id for t in node.targets)
            and an.qualname(node.value.func) in specs.RESPONSE_BUILDERS
        ):
            found, last = node.value, node.lineno
    return found


def _tuple_headers(an: Analyzer, headers: ast.Dict) -> None:
    """``return "", 302, {"Location": x}``: the headers of a (body, status, headers) tuple."""
    for key, value in zip(headers.keys, headers.values, strict=False):
        name = str(key.value).lower() if isinstance(key, ast.Constant) else ""
        if name in ("content-type",):
            continue
        sink(an, "redirect" if name == "location" else "header", an.expr(value), value)


def _declares_non_html(headers: ast.Dict) -> bool:
    for k, v in zip(headers.keys, headers.values, strict=False):
        if isinstance(k, ast.Constant) and str(k.value).lower() == "content-type":
            return isinstance(v, ast.Constant) and "html" not in str(v.value).lower()
    return False


# -- sink conditions ----------------------------------------------------------------


def _shell(
    an: Analyzer, node: ast.Call, vals: list[Val], args: Args, kwargs: Kwargs, recv: Val | None
) -> list[Val]:
    shell = next((k.value for k in node.keywords if k.arg == "shell"), None)
    if isinstance(shell, ast.Constant) and shell.value:
        return vals
    first = (
        node.args[0]
        if node.args
        else next((k.value for k in node.keywords if k.arg in ("args", "cmd", "command")), None)
    )
    value = vals[0] if vals else CLEAN
    if isinstance(first, (ast.List, ast.Tuple)):
        head = first.elts[0] if first.elts else None
        if isinstance(head, ast.Constant) and str(head.value) in specs.SHELLS:
            return [value]  # ["sh", "-c", command]: the whole list is a shell command
        _options(an, node, value)
        return [value.get(0)]
    if value.items is not None and 0 in value.items:
        _options(an, node, value)
        return [value.items[0]]
    return [value]


def _options(an: Analyzer, node: ast.Call, argv: Val) -> None:
    """``["git", "clone", url]``: a client value the program may read as an option
    (``--upload-pack=...``). Not after a ``--`` and not behind a fixed text prefix
    (``f"--output={name}"``, ``"refs/" + x``): those are operands or option values."""
    items = argv.items or {}
    for i in range(1, len(items)):
        item = items.get(i)
        if item is None or (item.has_const and item.const == "--"):
            return
        if item.tainted and (not item.prefix or item.prefix in ("-", "--")):
            sink(an, "argv", item, node)


def _setattr(
    an: Analyzer, node: ast.Call, vals: list[Val], args: Args, kwargs: Kwargs, recv: Val | None
) -> list[Val]:
    """``setattr(obj, key, value)`` over request keys; not ``setattr(obj, field.name, ...)``
    over a form's declared fields."""
    name = node.args[1] if len(node.args) > 1 else None
    if isinstance(name, ast.Attribute) and name.attr in ("name", "short_name"):
        return []
    return vals


def mass_assignment(an: Analyzer, node: ast.Call, fields: list[Val]) -> None:
    """Request data naming the attributes of a record: ``User(**request.json)``,
    ``query.update(request.json)``. A schema's result holds declared fields only."""
    spread = [k.value for k in node.keywords if k.arg is None]
    if any(_validated(an, e) or _own_kwargs(an, e) for e in [*node.args, *spread]):
        return
    for v in fields:
        if v.items is not None and not v.taints:
            continue  # {"name": data["name"]}: the code wrote every key
        sink(an, "mass", v, node)


def _own_kwargs(an: Analyzer, expr: ast.expr) -> bool:
    """``def create(**fields): return User(**fields)``: the callers name the keywords (a
    caller spreading request data into it is not followed: a known miss)."""
    kwarg = an.fn.node.args.kwarg if an.fn is not None else None
    return isinstance(expr, ast.Name) and kwarg is not None and kwarg.arg == expr.id


def _validated(an: Analyzer, expr: ast.expr) -> bool:
    if isinstance(expr, ast.Attribute) and expr.attr == "data":  # form.data: declared fields
        return True
    if isinstance(expr, ast.Call) and isinstance(expr.func, ast.Attribute):
        return expr.func.attr in specs.VALIDATED_DATA
    if isinstance(expr, ast.Name) and an.fn is not None:
        return any(
            isinstance(n, ast.Assign)
            and any(isinstance(t, ast.Name) and t.id == expr.id for t in n.targets)
            and _validated(an, n.value)
            for n in ast.walk(an.fn.node)
        )
    return False


def orm_update(
    an: Analyzer, node: ast.Call, func: ast.Attribute, args: Args, kwargs: Kwargs, recv: Val
) -> None:
    """``User.query.filter_by(id=i).update(request.json)``, ``update(User).values(**data)``,
    ``obj.__dict__.update(data)``, ``user.update(**data)`` when the project's models have
    an ``update(**kwargs)`` that sets attributes (cookiecutter-flask's ``CRUDMixin``): a
    dict's ``update`` is not a record's."""
    text = ast.unparse(func.value)
    orm = (
        func.attr == "update"
        and ("query" in text or ".filter" in text or text.endswith("__dict__"))
    ) or (func.attr == "values" and text.startswith(("update(", "insert(", "sa.update(")))
    spread = kwargs.get(None)
    if not orm and func.attr == "update" and spread is not None and not args:
        orm = recv.shape not in ("container", "session") and _setattr_update(an)
    if orm:
        mass_assignment(an, node, [*args[:1], *([spread] if spread is not None else [])])


def _setattr_update(an: Analyzer) -> bool:
    """Does a project class define ``update(self, **kwargs)`` calling ``setattr``?"""
    key = "taint.setattr_update"
    memo = an.ctx.project.memo
    if key not in memo:
        memo[key] = any(
            fn.cls is not None
            and fn.node.name == "update"
            and fn.node.args.kwarg is not None
            and any(
                isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id == "setattr"
                for n in ast.walk(fn.node)
            )
            for fn in an.ctx.index.functions.values()
        )
    return bool(memo[key])


def _yaml(
    an: Analyzer, node: ast.Call, vals: list[Val], args: Args, kwargs: Kwargs, recv: Val | None
) -> list[Val]:
    loader = (
        node.args[1]
        if len(node.args) > 1
        else next((k.value for k in node.keywords if k.arg == "Loader"), None)
    )
    if loader is not None:
        name = ast.unparse(loader).rpartition(".")[2]
        if name in specs.SAFE_YAML_LOADERS:
            return []
    return vals


def _lxml(
    an: Analyzer, node: ast.Call, vals: list[Val], args: Args, kwargs: Kwargs, recv: Val | None
) -> list[Val]:
    source = an.module.file.source
    if "resolve_entities=False" in source.replace(" ", ""):
        return []
    return vals


def _sax(
    an: Analyzer, node: ast.Call, vals: list[Val], args: Args, kwargs: Kwargs, recv: Val | None
) -> list[Val]:
    source = an.module.file.source.replace(" ", "")
    return vals if "feature_external_ges,True" in source else []


def _html(
    an: Analyzer, node: ast.Call, vals: list[Val], args: Args, kwargs: Kwargs, recv: Val | None
) -> list[Val]:
    for k in node.keywords:
        if k.arg in ("mimetype", "content_type"):
            return vals if not isinstance(k.value, ast.Constant) or _scripted(k.value.value) else []
    if len(node.args) > 3 and isinstance(node.args[3], ast.Constant):
        return vals if _scripted(node.args[3].value) else []
    return [v for v in vals if v.shape == "str"]


def _scripted(content_type: object) -> bool:
    """HTML runs script; so does JavaScript (a JSONP callback the client names)."""
    text = str(content_type).lower()
    return any(t in text for t in ("html", "javascript", "ecmascript", "svg"))


def _template(
    an: Analyzer, node: ast.Call, vals: list[Val], args: Args, kwargs: Kwargs, recv: Val | None
) -> list[Val]:
    name = node.args[0] if node.args else None
    if not (isinstance(name, ast.Constant) and isinstance(name.value, str)):
        return []
    unsafe = templates.unsafe_variables(an.ctx.project, name.value)
    for var, (path, line, text) in unsafe.items():
        value = kwargs.get(var)
        if value is None and None in kwargs:  # render_template("t.html", **context)
            value = kwargs[None].get(var)
        if value is not None and value.tainted:
            where = Step(path, line, 0, text, f"rendered without escaping as {var}")
            sink(an, "xss", value, node, f"{path}:{line}", extra=where)
    return []


def inline_template(an: Analyzer, node: ast.Call, source: str, kwargs: Kwargs) -> None:
    """``render_template_string(PAGE, body=x)`` where PAGE prints ``body|safe``."""
    for var, (_, line, text) in templates.unsafe_in_source(source).items():
        value = kwargs.get(var)
        if value is None and None in kwargs:
            value = kwargs[None].get(var)
        if value is not None and value.tainted:
            where = Step(an.path, node.lineno, 0, text, f"rendered without escaping as {var}")
            sink(an, "xss", value, node, f"inline template line {line}", extra=where)


def _upload(
    an: Analyzer, node: ast.Call, vals: list[Val], args: Args, kwargs: Kwargs, recv: Val | None
) -> list[Val]:
    if recv is None or not (recv.tainted or recv.shape == "file"):
        return []
    return vals


def _not_str(
    an: Analyzer, node: ast.Call, vals: list[Val], args: Args, kwargs: Kwargs, recv: Val | None
) -> list[Val]:
    if recv is not None and recv.shape == "path":
        return vals
    return [] if recv is None or recv.tainted or recv.shape == "str" else vals


def _path_receiver(
    an: Analyzer, node: ast.Call, vals: list[Val], args: Args, kwargs: Kwargs, recv: Val | None
) -> list[Val]:
    return vals if recv is not None and recv.shape == "path" else []


def _xpath_like(
    an: Analyzer, node: ast.Call, vals: list[Val], args: Args, kwargs: Kwargs, recv: Val | None
) -> list[Val]:
    if (recv is not None and (recv.tainted or recv.shape == "str")) or not node.args:
        return []
    prefix = args[0].prefix or "" if args else ""
    if prefix.startswith((".", "/")) or "[" in prefix:
        return vals
    for n in ast.walk(node.args[0]):
        if (
            isinstance(n, ast.Constant)
            and isinstance(n.value, str)
            and ("[@" in n.value or "/" in n.value or "[" in n.value)
        ):
            return vals
    return []


def _ldap3(
    an: Analyzer, node: ast.Call, vals: list[Val], args: Args, kwargs: Kwargs, recv: Val | None
) -> list[Val]:
    text = _short(node.func).lower()
    if (recv is not None and recv.shape == "str") or "re." in text or "pattern" in text:
        return []
    return vals


def _http_client(
    an: Analyzer, node: ast.Call, vals: list[Val], args: Args, kwargs: Kwargs, recv: Val | None
) -> list[Val]:
    if recv is not None and recv.tainted:
        return []
    func = node.func
    assert isinstance(func, ast.Attribute)
    holder = func.value
    name = holder.attr if isinstance(holder, ast.Attribute) else getattr(holder, "id", "")
    if isinstance(holder, ast.Call):
        name = _short(holder.func).rpartition(".")[2]
    low = name.lower()
    if low in ("db", "cache", "redis") or "db." in _short(func).lower():
        return []
    if low in specs.HTTP_CLIENT_HINTS or any(w in low for w in ("session", "client", "http")):
        return vals
    return []


def _logger(
    an: Analyzer, node: ast.Call, vals: list[Val], args: Args, kwargs: Kwargs, recv: Val | None
) -> list[Val]:
    func = node.func
    text = _short(func.value).lower() if isinstance(func, ast.Attribute) else ""
    if "log" not in text:
        return []
    start = 1 if isinstance(func, ast.Attribute) and func.attr == "log" else 0
    message, rest = (args[start], args[start + 1 :]) if len(args) > start else (CLEAN, [])
    if not (message.has_const and isinstance(message.const, str)):
        return [message, *rest]
    conversions = _conversions(message.const)
    return [
        a
        for i, a in enumerate(rest)
        if (conversions[i] if i < len(conversions) else "s") not in _SAFE_LOG_CONVERSIONS
    ]


_SAFE_LOG_CONVERSIONS = frozenset("rdifxXoeEgG")


def _conversions(fmt: str) -> list[str]:
    """The conversion letters of a %-format string, in order (``%%`` skipped)."""
    out = []
    i = 0
    while i < len(fmt) - 1:
        if fmt[i] == "%":
            j = i + 1
            while j < len(fmt) and fmt[j] in "0123456789.-+ #*":
                j += 1
            if j < len(fmt) and fmt[j] != "%":
                out.append(fmt[j])
            i = j + 1
        else:
            i += 1
    return out


def _sqla_str(
    an: Analyzer, node: ast.Call, vals: list[Val], args: Args, kwargs: Kwargs, recv: Val | None
) -> list[Val]:
    """SQLAlchemy ``filter``/``order_by`` given a built string (not a column expression)."""
    text = _dotted(node.func).lower()
    if recv is not None and recv.tainted:
        return []
    if not any(w in text for w in ("query", "select", "stmt", "session", "statement")):
        return []
    return [v for v in vals if v.shape == "str"]


def _tar(
    an: Analyzer, node: ast.Call, vals: list[Val], args: Args, kwargs: Kwargs, recv: Val | None
) -> list[Val]:
    """``tar.extractall()`` of a client's archive without a ``filter`` (tar slip)."""
    is_archive = (recv is not None and recv.shape == "archive") or "tar" in _dotted(
        node.func
    ).lower()
    if not is_archive or any(k.arg == "filter" for k in node.keywords):
        return []
    return vals


def _allow_pickle(
    an: Analyzer, node: ast.Call, vals: list[Val], args: Args, kwargs: Kwargs, recv: Val | None
) -> list[Val]:
    flag = next((k.value for k in node.keywords if k.arg == "allow_pickle"), None)
    return vals if isinstance(flag, ast.Constant) and flag.value is True else []


def _path_like(
    an: Analyzer, node: ast.Call, vals: list[Val], args: Args, kwargs: Kwargs, recv: Val | None
) -> list[Val]:
    return [v for v in vals if v.shape != "file"]


_CONDITIONS = {
    "setattr": _setattr,
    "allow-pickle": _allow_pickle,
    "tar": _tar,
    "path-like": _path_like,
    "sqla-str": _sqla_str,
    "shell": _shell,
    "yaml": _yaml,
    "lxml": _lxml,
    "sax": _sax,
    "html": _html,
    "template": _template,
    "upload": _upload,
    "not-str": _not_str,
    "path-receiver": _path_receiver,
    "xpath-like": _xpath_like,
    "ldap3": _ldap3,
    "http-client": _http_client,
    "logger": _logger,
}
