"""FB1xx: debug mode (M07) and the SECRET_KEY (M05), in code and committed config files."""

from __future__ import annotations

import ast
import re
from collections.abc import Callable, Iterator

from ..engine import ConfigContext, ModuleContext, node_location
from ..finding import Confidence, Evidence, Finding, Location, Severity
from ..model import literal, profile_of
from ..project import Project, PythonFile, iter_subtree
from ..registry import Scope, rule
from ._common import (
    is_app_object,
    is_example_config,
    is_test_path,
    keyword,
    secret_weakness,
    truthy,
    value_or_default,
)

SECRET_KEYS = frozenset({"SECRET_KEY", "JWT_SECRET_KEY", "WTF_CSRF_SECRET_KEY"})
_ENV_DEBUG = re.compile(
    r"""^\s*(?:-\s*)?(?:export\s+|ENV\s+|ARG\s+)?["']?FLASK_(DEBUG|ENV)["']?\s*[=: ]\s*["']?"""
    r"""(1|true|yes|on|development)\b""",
    re.IGNORECASE,
)
_RUN_DEBUG = re.compile(r"flask\s+(?:--app\s+\S+\s+)?run\b.*--debug\b|--debugger\b")
_FILE_SECRET = re.compile(
    r"""^\s*(?:-\s*)?(?:export\s+|ENV\s+|ARG\s+)?["']?((?:FLASK_)?(?:JWT_|WTF_CSRF_)?SECRET_KEY)"""
    r"""["']?\s*[=: ]\s*["']?([^"'\s#=]+)""",
    re.IGNORECASE,
)


@rule(
    "FB100",
    "app-run-with-debug",
    "The development server is started with debug mode or the debugger on",
    severity=Severity.HIGH,
    confidence=Confidence.HIGH,
    cwe=[489, 94],
    mitigation="M07",
    fix="Drop debug=True; use `flask run --debug` locally and gunicorn in production.",
    scope=Scope.MODULE,
)
def app_run_with_debug(ctx: ModuleContext) -> Iterator[Finding]:
    """## What it does
    Finds ``app.run(debug=True)`` (also ``use_debugger=True``, debug as the
    third positional argument, ``socketio.run(app, debug=True)``,
    ``run_simple(..., use_debugger=True)`` and
    ``DebuggedApplication(app, evalex=True)``) in code.

    ## Why is this bad?
    Debug mode turns on the Werkzeug debugger: anyone who reaches an error
    page gets a Python console in the server process (remote code
    execution), and tracebacks leak source and configuration. Code that
    calls ``app.run(debug=True)`` ends up running that way somewhere.

    ## Example
    ```python
    app.run(debug=True)
    ```

    ## Use instead
    ```python
    app.run()  # and `flask --app app run --debug` on a developer machine
    ```

    ## References
    - CWE-489: Active Debug Code
    - https://flask.palletsprojects.com/en/stable/debugging/
    """
    if is_test_path(ctx.file.path):
        return
    for call in ctx.nodes(ast.Call):
        why = _debugger_call(ctx, call)
        if why:
            yield app_run_with_debug.finding(
                f"{why} starts the interactive Werkzeug debugger", ctx.location(call)
            )


def _debugger_call(ctx: ModuleContext, call: ast.Call) -> str | None:
    name = ctx.call_name(call)
    if name.endswith("DebuggedApplication") and "werkzeug" in name:
        evalex = keyword(call, "evalex")
        return "DebuggedApplication(evalex=True)" if evalex and truthy(literal(evalex)) else None
    if name.endswith("run_simple"):
        for option in ("use_debugger", "use_evalex"):
            value = keyword(call, option)
            if option == "use_debugger" and value is not None and truthy(literal(value)):
                return f"run_simple({option}=True)"
        return None
    func = call.func
    if not isinstance(func, ast.Attribute) or func.attr != "run":
        return None
    on_app = is_app_object(ctx, func.value)
    if not (on_app or (call.args and is_app_object(ctx, call.args[0]))):
        return None
    for option in ("debug", "use_debugger"):
        value = keyword(call, option)
        if value is not None and truthy(value_or_default(value)):
            return f"app.run({option}=True)"
    if on_app and len(call.args) >= 3 and truthy(literal(call.args[2])):
        return "app.run(host, port, True)"  # debug is run()'s third positional parameter
    return None


@rule(
    "FB101",
    "debug-enabled-in-config",
    "DEBUG is turned on in configuration that production can load",
    severity=Severity.HIGH,
    confidence=Confidence.MEDIUM,
    cwe=[489, 215],
    mitigation="M07",
    fix="Set DEBUG only in a development config class or through FLASK_DEBUG on a dev machine.",
    scope=Scope.PROJECT,
)
def debug_enabled_in_config(project: Project) -> Iterator[Finding | Evidence]:
    """## What it does
    Finds ``DEBUG = True`` / ``app.debug = True`` / ``app.config["DEBUG"] = True``
    (and environment reads whose default is true) outside development and
    test configuration classes, and code that switches ``FLASK_DEBUG`` /
    ``FLASK_ENV=development`` on through ``os.environ``. A development class that
    the app factory loads by default (``def create_app(config=DevConfig)``) is
    what runs in production unless someone passes another: it is reported too.

    ## Why is this bad?
    A configuration that ships with debug on runs the Werkzeug debugger in
    production: remote code execution for anyone who triggers an error.

    ## Example
    ```python
    class ProductionConfig(Config):
        DEBUG = True
    ```

    ## Use instead
    ```python
    class DevelopmentConfig(Config):
        DEBUG = True
    ```

    ## References
    - CWE-489: Active Debug Code
    - CWE-215: Insertion of Sensitive Information Into Debugging Code
    """
    model = project.model
    reported: set[tuple[str, int]] = set()
    for value in model.config_values("DEBUG", production_only=True):
        if is_test_path(value.location.path):
            continue
        if truthy(value.value):
            how = "defaults to true" if value.env_var else "is true"
            reported.add((value.location.path, value.location.line))
            yield debug_enabled_in_config.finding(
                f"DEBUG {how} ({value.origin}): the debugger would run in production",
                value.location,
            )
    for where, cls, factory in _default_config_debug(project):
        if (where.path, where.line) not in reported:
            reported.add((where.path, where.line))
            yield debug_enabled_in_config.finding(
                f"DEBUG is true in {cls}, which {factory}() loads by default: "
                "the debugger would run in production",
                where,
            )
    for file in project.python_files:
        if not is_test_path(file.path):
            yield from _debug_env_in_code(file)
    bastion = model.extension("Bastion")
    if bastion is not None:
        yield debug_enabled_in_config.evidence(
            "Bastion refuses to start in production with debug on", bastion.location
        )


def _default_config_debug(project: Project) -> Iterator[tuple[Location, str, str]]:
    """``def create_app(config=DevConfig): app.config.from_object(config)``: the default
    is what runs when nobody passes another one (``flask run``, a WSGI server), whatever
    the class is called. Yields where that class (or a base) sets ``DEBUG = True``."""
    classes: dict[str, tuple[PythonFile, ast.ClassDef]] | None = None
    for f in project.python_files:
        if "from_object" not in f.source or is_test_path(f.path):
            continue
        for fn in f.nodes(ast.FunctionDef):
            for name in _defaulted_config_classes(fn):
                if classes is None:
                    classes = {c.name: (g, c) for g in project.python_files
                               for c in g.nodes(ast.ClassDef)}  # fmt: skip
                where = _debug_in_chain(name, classes, 0)
                if where is not None:
                    yield where, name, fn.name


def _defaulted_config_classes(fn: ast.FunctionDef) -> list[str]:
    params = [*fn.args.posonlyargs, *fn.args.args]
    defaults = dict(zip([p.arg for p in params[len(params) - len(fn.args.defaults) :]],
                        fn.args.defaults, strict=True))  # fmt: skip
    defaults.update(
        {a.arg: d for a, d in zip(fn.args.kwonlyargs, fn.args.kw_defaults, strict=True) if d}
    )
    out: list[str] = []
    if not any(isinstance(d, ast.Name | ast.Attribute) for d in defaults.values()):
        return out  # no class-like default: no need to walk the body
    for call in iter_subtree(fn):
        if (
            isinstance(call, ast.Call)
            and isinstance(call.func, ast.Attribute)
            and call.func.attr == "from_object"
            and call.args
            and isinstance(call.args[0], ast.Name)
            and isinstance(defaults.get(call.args[0].id), ast.Name | ast.Attribute)
        ):
            default = defaults[call.args[0].id]
            if isinstance(default, ast.Name):
                out.append(default.id)
            elif isinstance(default, ast.Attribute):
                out.append(default.attr)
    return out


def _debug_in_chain(
    name: str, classes: dict[str, tuple[PythonFile, ast.ClassDef]], depth: int
) -> Location | None:
    found = classes.get(name)
    if found is None or depth > 8:
        return None
    f, cls = found
    for stmt in cls.body:
        if isinstance(stmt, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == "DEBUG" for t in stmt.targets
        ):
            if truthy(literal(stmt.value)):
                return Location(f.path, stmt.lineno, stmt.col_offset + 1)
            return None  # the nearest DEBUG decides
    for base in cls.bases:
        base_name = base.id if isinstance(base, ast.Name) else getattr(base, "attr", "")
        where = _debug_in_chain(base_name, classes, depth + 1)
        if where is not None:
            return where
    return None


@rule(
    "FB102",
    "debug-enabled-in-env-file",
    "FLASK_DEBUG or the debugger is turned on in a committed file",
    severity=Severity.MEDIUM,
    confidence=Confidence.MEDIUM,
    cwe=[489],
    mitigation="M07",
    fix="Remove FLASK_DEBUG from committed env files and images; set it only on dev machines.",
    scope=Scope.CONFIG,
)
def debug_in_env_file(ctx: ConfigContext) -> Iterator[Finding]:
    """## What it does
    Finds ``FLASK_DEBUG=1`` (or ``FLASK_ENV=development``) in ``.env``,
    ``.flaskenv``, Dockerfiles, compose files and Procfiles, and ``flask run
    --debug`` in start commands.

    ## Why is this bad?
    A committed env file or image setting travels to every environment the
    project is deployed to, and turns the debugger on there.

    ## Example
    ```
    # .flaskenv
    FLASK_DEBUG=1
    ```

    ## Use instead
    ```
    # .flaskenv
    FLASK_APP=app
    ```

    ## References
    - CWE-489: Active Debug Code
    - https://flask.palletsprojects.com/en/stable/config/#DEBUG
    """
    config = ctx.config
    if config.kind in ("requirements", "lock") or is_example_config(config.path):
        return
    for number, line in enumerate(config.source.splitlines(), 1):
        if line.lstrip().startswith("#") and config.kind != "dockerfile":
            continue
        if _ENV_DEBUG.search(line) or _RUN_DEBUG.search(line):
            yield debug_in_env_file.finding(
                "debug mode is switched on in a committed file", Location(config.path, number)
            )


def _debug_env_in_code(file: PythonFile) -> Iterator[Finding]:
    """``os.environ["FLASK_DEBUG"] = "1"`` / ``os.environ.setdefault("FLASK_DEBUG", "1")``."""
    for node in file.nodes(ast.Assign):
        for target in node.targets:
            if (
                isinstance(target, ast.Subscript)
                and ast.unparse(target.value).endswith("environ")
                and literal(target.slice) in ("FLASK_DEBUG", "FLASK_ENV")
                and _debug_value(literal(node.value))
            ):
                yield debug_enabled_in_config.finding(
                    f"{literal(target.slice)} is switched on from code",
                    Location(file.path, node.lineno, node.col_offset + 1),
                )
    for call in file.nodes(ast.Call):
        func = call.func
        if (
            isinstance(func, ast.Attribute)
            and func.attr in ("setdefault", "putenv")
            and len(call.args) == 2
            and literal(call.args[0]) in ("FLASK_DEBUG", "FLASK_ENV")
            and _debug_value(literal(call.args[1]))
        ):
            yield debug_enabled_in_config.finding(
                f"{literal(call.args[0])} is switched on from code",
                Location(file.path, call.lineno, call.col_offset + 1),
            )


def _debug_value(value: object) -> bool:
    return value == "development" or bool(truthy(value))


def _secret_literal(expr: ast.expr) -> tuple[str | bytes, bool] | None:
    """``(literal, is_fallback)`` when *expr* is or falls back to a string literal."""
    value = literal(expr)
    if isinstance(value, (str, bytes)):
        return value, False
    if isinstance(expr, ast.BoolOp) and isinstance(expr.op, ast.Or):
        tail = literal(expr.values[-1])
        if isinstance(tail, (str, bytes)):
            return tail, True
    if isinstance(expr, ast.Call) and len(expr.args) >= 2:
        func = expr.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        default = literal(expr.args[1])
        if name in ("get", "getenv", "setdefault") and isinstance(default, (str, bytes)):
            return default, True
    return None


def _secret_assignments(
    ctx: ModuleContext, wanted: Callable[[str], bool] = SECRET_KEYS.__contains__
) -> Iterator[tuple[str, ast.expr, ast.AST]]:
    """``(key, value expression, anchor node)`` for every assignment of a *wanted* key."""
    for node in ctx.nodes(ast.Assign):
        for target in node.targets:
            key = _target_key(target)
            if key is not None and wanted(key):
                yield key, node.value, node
    for ann in ctx.nodes(ast.AnnAssign):
        key = _target_key(ann.target)
        if key is not None and wanted(key) and ann.value is not None:
            yield key, ann.value, ann
    for call in ctx.nodes(ast.Call):
        func = call.func
        mapping = isinstance(func, ast.Attribute) and func.attr in ("update", "from_mapping")
        if mapping or ctx.call_name(call).endswith("Flask") or ctx.call_name(call) == "dict":
            for kw in call.keywords:
                if kw.arg is not None and wanted(kw.arg):
                    yield kw.arg, kw.value, kw.value
        if mapping:
            for arg in call.args:
                if isinstance(arg, ast.Dict):
                    for k, v in zip(arg.keys, arg.values, strict=True):
                        name = literal(k) if k is not None else None
                        if isinstance(name, str) and wanted(name):
                            yield name, v, v


def _target_key(target: ast.expr) -> str | None:
    if isinstance(target, ast.Name):
        return target.id
    if isinstance(target, ast.Attribute) and target.attr == "secret_key":
        return "SECRET_KEY"
    if (
        isinstance(target, ast.Subscript)
        and isinstance(target.value, ast.Attribute)
        and target.value.attr == "config"
    ):
        key = literal(target.slice)
        return key if isinstance(key, str) else None
    return None


def _in_test_class(ctx: ModuleContext, node: ast.AST) -> bool:
    current = ctx.parent(node)
    while current is not None:
        if isinstance(current, ast.ClassDef) and "test" in current.name.lower():
            return True
        current = ctx.parent(current)
    return False


def _secret_findings(ctx: ModuleContext, weak: bool) -> Iterator[Finding | Evidence]:
    if is_test_path(ctx.file.path):
        return
    bastion = ctx.model.extension("Bastion") if weak else None
    if bastion is not None and bastion.location.path == ctx.file.path:
        yield weak_secret_key.evidence(
            "Bastion refuses a weak or missing SECRET_KEY in production", bastion.location
        )
    for key, expr, anchor in _secret_assignments(ctx):
        found = _secret_literal(expr)
        if found is None:
            if weak and _reads_env(expr):
                yield weak_secret_key.evidence(
                    f"{key} is read from the environment", ctx.location(anchor)
                )
            continue
        value, fallback = found
        if _in_test_class(ctx, anchor) or (not value and not fallback):
            continue
        why = secret_weakness(value)
        if weak != (why is not None):
            continue
        where = "as the fallback when the variable is unset" if fallback else "in source code"
        message = f"{key} is hard-coded {where}"
        if why:
            message += f": {why}"
        target = weak_secret_key if weak else hardcoded_secret_key
        overridden = _overridable(ctx.file.source)
        if overridden:
            message += f" (an instance config loaded by {overridden}() may override it)"
        yield target.finding(
            message,
            node_location(ctx.file.path, anchor),
            confidence=Confidence.MEDIUM if overridden else None,
        )


_OVERRIDES = ("from_pyfile", "from_envvar", "from_prefixed_env", "from_file")


def _overridable(source: str) -> str | None:
    """flaskr's ``SECRET_KEY="dev"`` then ``from_pyfile("config.py", silent=True)``: the
    documented way to replace the development key in production."""
    return next((name for name in _OVERRIDES if f"{name}(" in source), None)


def _reads_env(expr: ast.expr) -> bool:
    return any(
        isinstance(n, (ast.Attribute, ast.Name))
        and (getattr(n, "attr", None) or getattr(n, "id", None)) in ("environ", "getenv")
        for n in iter_subtree(expr)
    )


@rule(
    "FB110",
    "hardcoded-secret-key",
    "SECRET_KEY is written in the source code",
    severity=Severity.HIGH,
    confidence=Confidence.HIGH,
    cwe=[798, 321],
    mitigation="M05",
    fix="Load SECRET_KEY from the environment or a secret file (bastion keygen makes one).",
    scope=Scope.MODULE,
)
def hardcoded_secret_key(ctx: ModuleContext) -> Iterator[Finding | Evidence]:
    """## What it does
    Finds a ``SECRET_KEY`` (or ``JWT_SECRET_KEY``, ``WTF_CSRF_SECRET_KEY``)
    given as a string literal in code, including as the fallback default
    of an environment read (``os.environ.get("SECRET_KEY", "...")``).

    ## Why is this bad?
    Everyone with read access to the repository (and every leak of it) can
    sign session cookies and CSRF tokens: log in as any user.

    ## Example
    ```python
    app.config["SECRET_KEY"] = "3f9a1c0e7b2d4f6a8c0e1b3d5f7a9c1e"
    ```

    ## Use instead
    ```python
    app.config["SECRET_KEY"] = os.environ["SECRET_KEY"]
    ```

    ## References
    - CWE-798: Use of Hard-coded Credentials
    - https://flask.palletsprojects.com/en/stable/config/#SECRET_KEY
    """
    return _secret_findings(ctx, weak=False)


@rule(
    "FB111",
    "weak-secret-key",
    "SECRET_KEY is a placeholder or too short to resist guessing",
    severity=Severity.CRITICAL,
    confidence=Confidence.HIGH,
    cwe=[798, 330, 521],
    mitigation="M05",
    fix="Generate a key with `bastion keygen` (32+ random bytes) and load it from the environment.",
    scope=Scope.MODULE,
)
def weak_secret_key(ctx: ModuleContext) -> Iterator[Finding | Evidence]:
    """## What it does
    Finds a hard-coded ``SECRET_KEY`` that is a known placeholder
    (``"dev"``, ``"changeme"``, ``"hard to guess string"``...) or shorter than
    32 characters, in code or as an environment fallback. When the module then
    loads an instance config (``from_pyfile("config.py", silent=True)``, the
    documented override) the finding says so at MEDIUM confidence.

    ## Why is this bad?
    Weak keys are cracked offline from one session cookie (tools like
    flask-unsign ship wordlists of exactly these values); the attacker then
    forges a session for any user.

    ## Example
    ```python
    app.secret_key = "changeme"
    ```

    ## Use instead
    ```python
    app.secret_key = os.environ["SECRET_KEY"]  # 32+ random bytes
    ```

    ## References
    - CWE-330: Use of Insufficiently Random Values
    - CWE-798: Use of Hard-coded Credentials
    """
    return _secret_findings(ctx, weak=True)


@rule(
    "FB112",
    "secret-key-in-config-file",
    "A SECRET_KEY value is committed in a config file",
    severity=Severity.HIGH,
    confidence=Confidence.MEDIUM,
    cwe=[798, 540],
    mitigation="M05",
    fix="Keep the key out of the repository: a secret store, or an untracked .env (gitignored).",
    scope=Scope.CONFIG,
)
def secret_key_in_config_file(ctx: ConfigContext) -> Iterator[Finding]:
    """## What it does
    Finds ``SECRET_KEY=...`` with a value in files the audit reads as
    committed (``.gitignore``d files are skipped): ``.env``, ``*.cfg``,
    ``*.ini``, ``*.toml``, YAML, Dockerfiles. Example and template files and
    variable references (``${SECRET_KEY}``) are not reported.

    ## Why is this bad?
    A key in the repository is a key every clone, fork and CI log has.

    ## Example
    ```
    # .env (committed)
    SECRET_KEY=8f14e45fceea167a5a36dedd4bea2543
    ```

    ## Use instead
    ```
    # .gitignore
    .env
    ```

    ## References
    - CWE-798: Use of Hard-coded Credentials
    - CWE-540: Inclusion of Sensitive Information in Source Code
    """
    config = ctx.config
    if config.kind in ("requirements", "lock", "gunicorn") or is_example_config(config.path):
        return
    for number, line in enumerate(config.source.splitlines(), 1):
        if line.lstrip().startswith("#") and config.kind != "dockerfile":
            continue
        match = _FILE_SECRET.search(line)
        if match is None:
            continue
        value = match.group(2)
        if value.startswith(("$", "<", "{", "%")) or value.lower() in ("none", "null", "~"):
            continue
        yield secret_key_in_config_file.finding(
            f"{match.group(1)} has a value in a committed {config.kind} file",
            Location(config.path, number),
        )


_JWT_DECODERS = ("jwt.decode", "jose.jwt.decode", "jwt.api_jwt.decode", "authlib.jose.jwt.decode")


def _jwt_unverified(call: ast.Call) -> str | None:
    options = keyword(call, "options")
    opts = literal(options) if options is not None else None
    if isinstance(opts, dict) and opts.get("verify_signature") is False:
        return 'options={"verify_signature": False}'
    verify = keyword(call, "verify")
    if verify is not None and literal(verify) is False:
        return "verify=False"
    algorithms = literal(keyword(call, "algorithms"))
    if isinstance(algorithms, (list, tuple)) and any(str(a).lower() == "none" for a in algorithms):
        return 'algorithms=["none"]'
    return None


@rule(
    "FB113",
    "jwt-signature-not-verified",
    "A JWT is decoded without verifying its signature",
    severity=Severity.HIGH,
    confidence=Confidence.HIGH,
    cwe=[347],
    mitigation="M05",
    fix="Decode with the key and an explicit list: jwt.decode(t, key, algorithms=['HS256']).",
    scope=Scope.MODULE,
)
def jwt_signature_not_verified(ctx: ModuleContext) -> Iterator[Finding]:
    """## What it does
    Finds ``jwt.decode(...)`` (PyJWT, python-jose) called with
    ``options={"verify_signature": False}``, ``verify=False`` or the
    ``none`` algorithm allowed.

    ## Why is this bad?
    An unverified token is whatever the client wrote: anyone can mint one
    claiming to be any user, which is session forgery without the key.

    ## Example
    ```python
    claims = jwt.decode(token, options={"verify_signature": False})
    ```

    ## Use instead
    ```python
    claims = jwt.decode(token, current_app.config["JWT_KEY"], algorithms=["HS256"])
    ```

    ## References
    - CWE-347: Improper Verification of Cryptographic Signature
    - https://pyjwt.readthedocs.io/en/stable/api.html#jwt.decode
    """
    if is_test_path(ctx.file.path):
        return
    for call in ctx.nodes(ast.Call):
        if ctx.call_name(call) not in _JWT_DECODERS:
            continue
        how = _jwt_unverified(call)
        if how:
            yield jwt_signature_not_verified.finding(
                f"jwt.decode({how}) accepts tokens nobody signed", ctx.location(call)
            )


_CREDENTIAL_KEY = re.compile(
    r"(^|_)(PASSWORD|PASSWD|PWD|SECRET|TOKEN|API_?KEY|ACCESS_KEY|PRIVATE_KEY|CLIENT_SECRET"
    r"|AUTH_KEY|SIGNING_KEY)$"
)
_URI_KEY = re.compile(r"(_URI|_URL|_DSN)$")
_URI_PASSWORD = re.compile(r"^[a-z][\w+.-]*://[^:/@\s]*:([^@/\s]+)@", re.IGNORECASE)


def _credential_key(key: str) -> bool:
    if not key.isupper() or key in SECRET_KEYS:
        return False
    return bool(_CREDENTIAL_KEY.search(key) or _URI_KEY.search(key))


def _credential_problem(key: str, value: str | bytes) -> str | None:
    text = value.decode("latin-1") if isinstance(value, bytes) else value
    if _URI_KEY.search(key):
        match = _URI_PASSWORD.match(text)
        if match is None or match.group(1).startswith(("$", "{", "%")):
            return None
        return "a password inside a connection URI"
    if len(text.strip()) < 4 or text.startswith(("$", "{", "%", "<")) or text.count(" ") > 1:
        return None  # empty, a template reference, or a sentence
    word = _CREDENTIAL_KEY.search(key)
    squeezed = re.sub(r"[-_ ]", "", text.lower())
    if word and re.sub(r"_", "", word.group(2).lower()) in squeezed:
        return None  # CSRF_TOKEN = "csrf_token": a field or header name, not a secret
    return "a literal credential"


@rule(
    "FB114",
    "hardcoded-credential-in-config",
    "A password, token or API key is written in the configuration code",
    severity=Severity.HIGH,
    confidence=Confidence.MEDIUM,
    cwe=[798, 259],
    mitigation="M05",
    fix="Read credentials from the environment or a secret store, like SECRET_KEY.",
    scope=Scope.MODULE,
)
def hardcoded_credential_in_config(ctx: ModuleContext) -> Iterator[Finding]:
    """## What it does
    Finds configuration keys that hold credentials — ``*_PASSWORD``,
    ``*_TOKEN``, ``*_API_KEY``, ``*_SECRET``, ``*_ACCESS_KEY`` — given as
    string literals (or as the fallback default of an environment read),
    and connection URIs (``*_URI``, ``*_URL``) with a password inside, in
    code outside tests and development/test configuration classes.

    ## Why is this bad?
    Whoever reads the repository gets the database, the mail account or
    the cloud API, long after the code is public or leaked.

    ## Example
    ```python
    SQLALCHEMY_DATABASE_URI = "postgresql://app:s3cret@db/app"
    MAIL_PASSWORD = "hunter2!"
    ```

    ## Use instead
    ```python
    SQLALCHEMY_DATABASE_URI = os.environ["DATABASE_URL"]
    MAIL_PASSWORD = os.environ["MAIL_PASSWORD"]
    ```

    ## References
    - CWE-798: Use of Hard-coded Credentials
    - CWE-259: Use of Hard-coded Password
    """
    if is_test_path(ctx.file.path):
        return
    for key, expr, anchor in _secret_assignments(ctx, _credential_key):
        found = _secret_literal(expr)
        if found is None or _in_test_class(ctx, anchor) or _in_dev_class(ctx, anchor):
            continue
        value, fallback = found
        problem = _credential_problem(key, value)
        if problem:
            where = " as an environment fallback" if fallback else ""
            yield hardcoded_credential_in_config.finding(
                f"{key} holds {problem}{where}", node_location(ctx.file.path, anchor)
            )


def _in_dev_class(ctx: ModuleContext, node: ast.AST) -> bool:
    current = ctx.parent(node)
    while current is not None:
        if isinstance(current, ast.ClassDef) and profile_of(current.name) == "development":
            return True
        current = ctx.parent(current)
    return False
