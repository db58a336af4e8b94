"""Calls: sinks, sanitizers, propagators, and the project's own functions through summaries.

A call is resolved to a qualified name when it names something importable
(``flask.redirect``, ``pkg.helpers.run_query``) and treated as a method of
a value otherwise (``cursor.execute``). Project functions are followed
through their :class:`~.context.Summary`; library calls with no row in
:mod:`.specs` pass taint through but mark the flow as unresolved.
"""

from __future__ import annotations

import ast
import re
from typing import TYPE_CHECKING

from . import sinks, specs
from .context import Summary
from .index import Function
from .syntax import dotted
from .values import CLEAN, Step, Taint, Val, concat, join, merge_taints

if TYPE_CHECKING:
    from .interpreter import Analyzer

Args = list[Val]
Kwargs = dict[str | None, Val]
_DATA_STORES = (
    "session",
    "query",
    "db",
    "cursor",
    "conn",
    "engine",
    "objects",
    "repo",
    "store",
    "cache",
    "redis",
    "model",
    "collection",
    "table",
)
_MAX_SUMMARY_DEPTH = 25


def call(an: Analyzer, node: ast.Call) -> Val:
    text = _markup_to_text(an, node)
    if text is not None:
        return text
    args: Args = [an.expr(a) for a in node.args]
    kwargs: Kwargs = {}
    for k in node.keywords:
        value = an.expr(k.value)
        kwargs[k.arg] = join(kwargs[k.arg], value) if k.arg in kwargs else value
    func = node.func
    if isinstance(func, (ast.Attribute, ast.Name)):
        qn = an.qualname(func)
        if qn is not None and not is_value_qn(an, qn):
            return _qualified(an, node, qn, args, kwargs)
    if isinstance(func, ast.Attribute):
        return _method(an, node, func, an.expr(func.value), args, kwargs)
    if isinstance(func, ast.Name) and func.id in an.local_defs and func.id not in an.env:
        return _call_nested(an, node, func.id, args, kwargs)
    if isinstance(func, ast.Name) and func.id in an.lambdas:
        return _call_lambda(an, an.lambdas[func.id], args)
    callee = an.expr(func)
    if callee.shape == "reflected":  # getattr(module, name)(): the client picks the code
        sinks.sink(an, "reflect", callee, node)
    if callee.shape == "class" and callee.cls:
        return _instantiate(an, node, callee.cls, args, kwargs)
    return _unknown(args, kwargs, dotted(func) or "<call>")


def _markup_to_text(an: Analyzer, node: ast.Call) -> Val | None:
    """``Markup(value).unescape()``: the value as plain text; the ``Markup`` is no sink."""
    func = node.func
    if not (
        isinstance(func, ast.Attribute)
        and func.attr in specs.MARKUP_TO_TEXT
        and isinstance(func.value, ast.Call)
        and an.qualname(func.value.func) in specs.MARKUP_CLASSES
    ):
        return None
    inner = [an.expr(a) for a in func.value.args]
    return Val(concat(*inner).taints, shape="str")


def is_value_qn(an: Analyzer, qn: str) -> bool:
    """True when *qn* is an attribute path on a value (the request, another module's global)."""
    for root in (*specs.REQUEST_OBJECTS, *specs.SESSION_OBJECTS):
        if qn.startswith(root + "."):
            return True
    parts = qn.split(".")
    for i in range(1, len(parts)):
        if (".".join(parts[:i]), parts[i]) in an.ctx.globals and i < len(parts) - 1:
            return True
    return False


# -- qualified calls -------------------------------------------------------------


def _qualified(an: Analyzer, node: ast.Call, qn: str, args: Args, kwargs: Kwargs) -> Val:
    if qn in specs.REQUEST_CLASSES:
        return Val(shape="request")
    base_name, _, last = qn.rpartition(".")
    ran = _callback(an, node, last, args, kwargs)
    if ran is not None:
        return ran
    if last in specs.TASK_METHODS:
        task = an.ctx.index.function(base_name)
        if task is not None:  # send_email.delay(address)
            return apply(an, node, task, args, kwargs)
    if qn in specs.RESPONSE_CLASSES:
        _response_headers(an, node, kwargs)
    if qn in specs.INLINE_TEMPLATES and args and args[0].has_const:
        sinks.inline_template(an, node, str(args[0].const), kwargs)
    sink_row = specs.FUNCTION_SINKS.get(qn)
    if sink_row is not None:
        sinks.check(an, node, sink_row, args, kwargs, None, qualified=True)
        if qn in specs.ARCHIVES:  # the archive's member names are the client's
            # tarfile keeps "../" and absolute member names; zipfile strips them itself
            shape = "archive" if qn.startswith("tarfile.") else "unknown"
            return Val(concat(*args, *kwargs.values()).taints, shape=shape)
        if qn in specs.JINJA_TEMPLATES:  # jinja2.Template(...) escapes nothing by default
            return Val(shape="jinja-raw-template")
        if sink_row.kind not in specs.PASS_THROUGH_SINKS or sink_row.check == "html":
            return CLEAN  # the sink consumed the value: one finding, at the first sink
    base, _, method = qn.rpartition(".")
    for row in specs.METHOD_SINKS.get(method, ()):
        if (
            (row.check == "logger" and "log" in base.lower())
            or row.check == "sqla-str"
            or row.kind == "ssti"
        ):
            sinks.check(an, node, row, args, kwargs, None)
    if qn in specs.RESPONSE_BUILDERS:
        first = args[0] if args else CLEAN
        return Val(first.flat() if first.shape == "str" else (), shape="response")
    if qn in specs.JINJA_ENVIRONMENTS:
        return Val(shape="jinja-raw-env" if _escapes_nothing(node) else "unknown")
    if qn in specs.SQL_COMPOSERS:
        if args:  # sql.SQL(text) is raw SQL: request data in it is the injection
            sinks.sink(an, "sql", args[0], node)
        return Val(shape="sql-composed")
    if method == "Markup":
        return Val(tuple(t.clear({"xss"}) for t in concat(*args).taints), shape="markup")
    kinds = specs.SANITIZERS.get(qn)
    if kinds is not None:
        if specs.ALL in kinds:
            return CLEAN
        first = args[0] if args else join(*kwargs.values()) if kwargs else CLEAN
        return Val(first.clear(kinds).flat(), shape="str")
    fn = an.ctx.index.function(qn)
    if fn is not None:
        if fn.cls is not None and not _is_static(fn):  # Model.find(x): cls/self comes first
            args = [Val(shape="class", cls=fn.cls), *args]
        return apply(an, node, fn, args, kwargs)
    cls = an.ctx.index.klass(qn)
    if cls is not None:
        return _instantiate(an, node, cls.qualname, args, kwargs)
    if qn == "re.sub" and _removes_all_but_safe(args):
        return Val(concat(*args[2:3]).taints, shape="str").clear({specs.ALL})
    if qn in specs.SQL_CONSTRUCTORS or (
        method in specs.SQL_BUILDERS and base.rpartition(".")[2][:1].isupper()
    ):
        return CLEAN  # select(...).where(Model.col == x): x is a bound parameter
    if qn in specs.PROPAGATORS:
        return _propagate(qn, args, kwargs)
    if qn.startswith("builtins.") and qn[9:] in specs.CLEAN_BUILTINS:
        return CLEAN
    if method in specs.DB_RESULT_METHODS or base.endswith((".query", ".session", ".objects")):
        return CLEAN
    return _unknown(args, kwargs, qn.rpartition(".")[2] if qn.startswith("builtins.") else qn)


def _escapes_nothing(node: ast.Call) -> bool:
    """``Environment()`` without autoescape (or with ``autoescape=False``) prints HTML as is."""
    flag = next((k.value for k in node.keywords if k.arg == "autoescape"), None)
    return flag is None or (isinstance(flag, ast.Constant) and not flag.value)


def _jinja(
    an: Analyzer, node: ast.Call, m: str, recv: Val, args: Args, kwargs: Kwargs
) -> Val | None:
    """Templates from an environment that escapes nothing: ``render(x=...)`` is an HTML sink."""
    if recv.shape == "jinja-raw-env" and m in specs.JINJA_LOADERS:
        for row in specs.METHOD_SINKS.get(m, ()):  # from_string(source): SSTI first
            sinks.check(an, node, row, args, kwargs, recv)
        return Val(shape="jinja-raw-template")
    if recv.shape == "jinja-raw-template" and m in ("render", "render_async", "stream", "generate"):
        for value in (*args, *kwargs.values()):
            sinks.sink(an, "xss", value, node, "template rendered without autoescaping")
        return CLEAN
    return None


def _response_headers(an: Analyzer, node: ast.Call, kwargs: Kwargs) -> None:
    """``Response(..., headers={"Location": x})``: header values set from request data."""
    headers = next((k.value for k in node.keywords if k.arg == "headers"), None)
    if not isinstance(headers, ast.Dict):
        return
    for key, value in zip(headers.keys, headers.values, strict=False):
        name = key.value if isinstance(key, ast.Constant) else None
        kind = "redirect" if str(name).lower() == "location" else "header"
        sinks.sink(an, kind, an.expr(value), node)


_ALLOWLIST_CLASS = re.compile(r"^\[\^(?:a-z|A-Z|0-9|_|\\w|\\d|-|\s)+\]\+?$")


def _removes_all_but_safe(args: Args) -> bool:
    """``re.sub(r"[^a-zA-Z0-9_]", "", x)``: only letters, digits and ``_``/``-`` remain."""
    if len(args) < 3 or not (args[0].has_const and args[1].has_const):
        return False
    pattern, replacement = args[0].const, args[1].const
    return isinstance(pattern, str) and replacement == "" and bool(_ALLOWLIST_CLASS.match(pattern))


def _propagate(qn: str, args: Args, kwargs: Kwargs) -> Val:
    vals = [*args, *kwargs.values()]
    if qn.startswith(("copy.", "builtins.next", "builtins.iter", "typing.cast")):
        return vals[-1] if vals else CLEAN
    if qn == "builtins.getattr":  # an attribute of an object, not text
        named = len(args) > 1 and args[1].tainted and args[1].prefix in (None, "")
        return Val(concat(*vals).taints, shape="reflected" if named else "unknown")
    taints: tuple[Taint, ...] = ()
    for v in vals:
        taints = merge_taints(taints, v.flat())
    if qn == "os.path.join" and args and not args[0].tainted:
        return Val(taints, shape="str").clear({"argv"})  # starts with our folder: no -option
    if qn.endswith("Path"):
        return Val(taints, shape="path")
    if qn in ("io.BytesIO", "io.StringIO"):
        return Val(taints, shape="file")
    if qn.rpartition(".")[2] in (
        "list",
        "dict",
        "tuple",
        "set",
        "frozenset",
        "sorted",
        "loads",
        "load",
        "parse_qs",
        "parse_qsl",
        "split",
        "zip",
        "enumerate",
        "map",
        "filter",
        "urlparse",
        "urlsplit",
        "reversed",
    ):
        return Val(taints, shape="container")
    return Val(taints, shape="str")


def _unknown(args: Args, kwargs: Kwargs, name: str) -> Val:
    taints: tuple[Taint, ...] = ()
    for v in (*args, *kwargs.values()):
        taints = merge_taints(taints, v.flat())
    if not taints:
        return CLEAN
    return Val(tuple(t.crossing(name) for t in taints), shape="unknown")


# -- methods of values ----------------------------------------------------------


def _callback(an: Analyzer, node: ast.Call, name: str, args: Args, kwargs: Kwargs) -> Val | None:
    """``executor.submit(fn, x)``, ``Thread(target=fn, args=(x,))``: fn runs with x."""
    where = specs.CALLBACK_RUNNERS.get(name)
    if where is None:
        return None
    fn_at, args_at = where
    fn_node = (
        node.args[fn_at]
        if isinstance(fn_at, int) and fn_at < len(node.args)
        else next((k.value for k in node.keywords if k.arg == fn_at), None)
    )
    fn = _project_function(an, fn_node)
    if fn is None:
        return None
    if isinstance(args_at, int):
        passed = args[args_at:]
    else:
        tuple_val = kwargs.get(args_at, CLEAN)
        passed = [tuple_val.get(i) for i in range(len(fn.params))]
    apply(an, node, fn, passed, {})
    return CLEAN


def uses_rest_framework(an: Analyzer) -> bool:
    """The module imports flask-restful / flask-restx: ``parse_args()``, ``api.payload``."""
    return any(
        target.startswith(specs.SOURCE_METHOD_MODULES) for target in an.module.aliases.values()
    )


def _project_function(an: Analyzer, node: ast.expr | None) -> Function | None:
    if not isinstance(node, (ast.Name, ast.Attribute)):
        return None
    qn = an.qualname(node)
    return an.ctx.index.function(qn) if qn else None


def _method(
    an: Analyzer, node: ast.Call, func: ast.Attribute, recv: Val, args: Args, kwargs: Kwargs
) -> Val:
    m = func.attr
    ran = _callback(an, node, m, args, kwargs) or _jinja(an, node, m, recv, args, kwargs)
    if ran is not None:
        return ran
    if recv.shape == "request":
        shape = specs.REQUEST_METHODS.get(m)
        if shape is None:
            return CLEAN
        return Val((Taint((an.step(node, "source"),)),), shape=shape)
    if m in specs.SOURCE_METHODS and uses_rest_framework(an):
        return Val((Taint((an.step(node, "source"),)),), shape="container")
    if recv.shape == "session":
        if m in ("get", "pop") and args and args[0].has_const:
            return an.ctx.globals.get((specs.SESSION, str(args[0].const)), CLEAN)
        for key, value in _session_writes(m, args, kwargs):
            if key is None or specs.trusted_session_key(key):
                sinks.sink(an, "session", value, node)
        return CLEAN
    if recv.cls is not None and recv.shape in ("instance", "class"):
        fn = an.ctx.index.method(recv.cls, m)
        if fn is not None:
            return apply(an, node, fn, args if _is_static(fn) else [recv, *args], kwargs)
    for row in specs.METHOD_SINKS.get(m, ()):
        sinks.check(an, node, row, args, kwargs, recv)
    if m in ("update", "values"):
        sinks.orm_update(an, node, func, args, kwargs, recv)
    if (
        isinstance(func.value, ast.Attribute)
        and func.value.attr == "headers"
        and m in ("add", "set", "setdefault", "add_header")
    ):
        for v in args[1:]:
            sinks.sink(an, "header", v, node)
    if m in specs.MUTATORS and isinstance(func.value, ast.Name) and func.value.id in an.env:
        added = [v for v in (*args, *kwargs.values()) if v.tainted]
        if added:
            old = an.env[func.value.id]
            an.env[func.value.id] = join(old, Val(concat(*added).taints, shape=old.shape))
    return _method_result(an, node, m, recv, args, kwargs)


def _method_result(
    an: Analyzer, node: ast.Call, m: str, recv: Val, args: Args, kwargs: Kwargs
) -> Val:
    if m == "format" and recv.shape == "sql-composed":
        return Val(
            concat(recv, *args, *kwargs.values()).clear({"sql"}).taints, shape="sql-composed"
        )
    if m == "format":
        out = concat(
            recv,
            *args,
            *kwargs.values(),
            prefix=recv.prefix.split("{", 1)[0] if recv.prefix is not None else None,
        )
        return out.clear({"xss"}) if recv.shape == "markup" else out
    if m == "join":
        return concat(recv, *args)
    if m == "replace" and len(args) == 2:
        out = concat(recv, args[1], prefix=recv.prefix)
        old = args[0]
        if (
            old.has_const
            and isinstance(old.const, str)
            and ("\n" in old.const or "\r" in old.const)
        ):
            out = out.clear({"header", "log"})
        return out
    if m in specs.XSS_ESCAPING_METHODS and recv.tainted:
        return Val(recv.clear({"xss"}).flat(), shape="str")
    if m in specs.PATH_METHODS and (recv.shape == "path" or recv.tainted):
        return Val(concat(recv, *args).taints, shape="path")
    if recv.tainted:
        if m in ("get", "getlist") and _typed_get(an, node):
            return CLEAN
        if m in specs.STR_METHODS:
            if m in ("get", "pop", "setdefault") and args and args[0].has_const and recv.items:
                key = args[0].const
                if isinstance(key, (str, int)):
                    return join(recv.get(key), *args[1:2])
            return Val(
                merge_taints(recv.flat(), concat(*args[1:]).taints), shape=_result_shape(m, recv)
            )
        return Val(tuple(t.crossing(m) for t in merge_taints(recv.flat(), concat(*args).taints)))
    if m in ("get", "pop") and args and args[0].has_const and recv.items is not None:
        key = args[0].const
        if isinstance(key, (str, int)):
            return join(recv.get(key), *args[1:2])
    if m in specs.DB_RESULT_METHODS or m in specs.STR_METHODS or m in specs.SQL_BUILDERS:
        return CLEAN
    if not any(v.tainted for v in (*args, *kwargs.values())):
        return CLEAN
    text = dotted(node.func).lower()
    if any(word in text for word in _DATA_STORES):
        return CLEAN
    return _unknown(args, kwargs, m)


def _is_static(fn: Function) -> bool:
    return any(isinstance(d, ast.Name) and d.id == "staticmethod" for d in fn.node.decorator_list)


def _session_writes(m: str, args: Args, kwargs: Kwargs) -> list[tuple[str | None, Val]]:
    """(key, value) pairs written by ``session.update(...)``/``setdefault(k, v)``."""
    if m == "setdefault" and len(args) > 1:
        key = args[0].const if args[0].has_const else None
        return [(None if key is None else str(key), args[1])]
    if m != "update":
        return []
    out: list[tuple[str | None, Val]] = [(k, v) for k, v in kwargs.items()]
    for arg in args:
        if arg.items is not None and not arg.taints:
            out.extend((str(k), v) for k, v in arg.items.items())
        else:
            out.append((None, arg))
    return out


def _result_shape(m: str, recv: Val) -> str:
    if recv.shape == "files":
        return "file" if m == "get" else "container"
    if m in (
        "items",
        "values",
        "keys",
        "to_dict",
        "copy",
        "getlist",
        "split",
        "rsplit",
        "splitlines",
        "partition",
        "rpartition",
        "readlines",
        "getall",
    ):
        return "container"
    if recv.shape == "container" and m in ("get", "pop", "setdefault"):
        return "str"
    return "str" if recv.shape != "file" or m.startswith("read") else "unknown"


def _typed_get(an: Analyzer, node: ast.Call) -> bool:
    for k in node.keywords:
        if k.arg == "type" and an.qualname(k.value) in (
            "builtins.int",
            "builtins.float",
            "builtins.bool",
            "uuid.UUID",
        ):
            return True
    return False


# -- project functions -------------------------------------------------------------


def summary_of(an: Analyzer, fn: Function) -> Summary | None:
    ctx = an.ctx
    found = ctx.summaries.get(fn.qualname)
    if found is not None:
        return found
    if fn.qualname in ctx.in_progress or len(ctx.in_progress) > _MAX_SUMMARY_DEPTH:
        return None
    from .interpreter import Analyzer

    ctx.in_progress.add(fn.qualname)
    try:
        result = Analyzer(ctx, fn.module, fn).run()
    finally:
        ctx.in_progress.discard(fn.qualname)
    ctx.summaries[fn.qualname] = result
    return result


def _call_lambda(an: Analyzer, fn: ast.Lambda, args: Args) -> Val:
    """``run = lambda c: os.system(c)``; ``run(x)``: the body, with its parameters bound."""
    saved = an.env
    an.env = dict(saved)
    for i, param in enumerate(fn.args.args):
        an.env[param.arg] = args[i] if i < len(args) else CLEAN
    try:
        return an.expr(fn.body)
    finally:
        an.env = saved


def _call_nested(an: Analyzer, node: ast.Call, name: str, args: Args, kwargs: Kwargs) -> Val:
    """A function defined in this one, called here: analysed with the variables it closes over."""
    from .interpreter import Analyzer

    outer = an.fn.qualname if an.fn else an.module.name
    fn = an.ctx.index.functions.get(f"{outer}.<locals>.{name}")
    if (
        fn is None
        or len(an.ctx.in_progress) > _MAX_SUMMARY_DEPTH
        or fn.qualname in an.ctx.in_progress
    ):
        return _unknown(args, kwargs, name)
    an.ctx.in_progress.add(fn.qualname)
    try:
        summary = Analyzer(an.ctx, fn.module, fn, closure={**an.closure, **an.env}).run()
    finally:
        an.ctx.in_progress.discard(fn.qualname)
    return apply(an, node, fn, args, kwargs, summary)


def apply(
    an: Analyzer,
    node: ast.Call,
    fn: Function,
    args: Args,
    kwargs: Kwargs,
    summary: Summary | None = None,
) -> Val:
    """The value of calling a project function, and the sinks its parameters reach."""
    summary = summary or summary_of(an, fn)
    if summary is None:  # recursion: assume it passes its arguments through
        return _unknown(args, kwargs, fn.qualname)
    if not (summary.hits or summary.field_writes or summary.ret.tainted):
        return summary.ret
    if not any(v.tainted or v.shape == "request" for v in (*args, *kwargs.values())) and not any(
        t.param < 0 for t in summary.ret.flat()
    ):
        return CLEAN if not summary.ret.items else summary.ret
    here = an.step(node, f"calls {fn.qualname}")
    actuals = [_as_source(v, here) for v in _bind(fn, args, kwargs)]

    def substitute(t: Taint) -> tuple[Taint, ...]:
        if t.param < 0:
            return (t.then(here),)
        if t.param >= len(actuals):
            return ()
        return tuple(_through(a, here, t) for a in actuals[t.param].flat())

    for hit in summary.hits:
        for combined in substitute(hit.taint):
            if combined.reaches(hit.kind):
                an.report(hit.kind, hit.sink, combined, hit.note)
    for cls, attr, val in summary.field_writes:
        an._store_field(cls, attr, val.map_taints(substitute))
    return summary.ret.map_taints(substitute) if summary.ret.tainted else summary.ret


def _as_source(value: Val, here: Step) -> Val:
    """The request object passed to a helper: whatever the helper reads from it is tainted."""
    if value.shape != "request":
        return value
    return Val((Taint((here,)),), shape="container")


def _bind(fn: Function, args: Args, kwargs: Kwargs) -> list[Val]:
    """Argument values in the callee's parameter order (see ``Function.all_params``)."""
    params = fn.params
    out = [args[i] if i < len(args) else kwargs.get(p, CLEAN) for i, p in enumerate(params)]
    kwonly = [k.arg for k in fn.node.args.kwonlyargs]
    out.extend(kwargs.get(k, CLEAN) for k in kwonly)
    extra = args[len(params) :]
    out.append(Val(concat(*extra).taints, shape="container") if extra else CLEAN)
    used = {*params, *kwonly}
    named: dict[str | int, Val] = {
        k: v for k, v in kwargs.items() if k is not None and k not in used
    }
    spread = kwargs.get(None, CLEAN)
    out.append(join(Val(shape="container", items=named), spread) if named else spread)
    return out


def _through(actual: Taint, call_step: Step, inner: Taint) -> Taint:
    steps = (*actual.steps, call_step, *inner.steps)
    return Taint(
        steps[-24:],
        actual.param,
        actual.cleared | inner.cleared,
        tuple(dict.fromkeys(actual.unresolved + inner.unresolved))[:3],
    )


def _instantiate(an: Analyzer, node: ast.Call, cls: str, args: Args, kwargs: Kwargs) -> Val:
    obj = Val(shape="instance", cls=cls)
    init = an.ctx.index.method(cls, "__init__")
    if None in kwargs and (init is None or init.node.args.kwarg is not None):
        info = an.ctx.index.klass(cls)
        if info is not None and _orm_model(info.node, info.bases):
            sinks.mass_assignment(an, node, [kwargs[None]])  # User(**request.json)
    if init is not None:
        apply(an, node, init, [obj, *args], kwargs)
    return obj


def _orm_model(node: ast.ClassDef, bases: list[str]) -> bool:
    """A SQLAlchemy / Flask-SQLAlchemy / MongoEngine model (its default constructor sets
    any attribute it is given)."""
    if any(b.rpartition(".")[2] in specs.ORM_MODEL_BASES for b in bases):
        return True
    return any(
        isinstance(stmt, (ast.Assign, ast.AnnAssign))
        and isinstance(stmt.value, ast.Call)
        and dotted(stmt.value.func).rpartition(".")[2] in specs.ORM_COLUMNS
        for stmt in node.body
    )
