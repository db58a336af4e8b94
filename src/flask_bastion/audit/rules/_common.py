"""Small judgements several rule families share (no rule ids here)."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..model import UNKNOWN, FlaskModel, Route, literal
from ..project import iter_subtree

if TYPE_CHECKING:
    from ..engine import ModuleContext

PLACEHOLDER_SECRETS = frozenset(
    {
        "", "dev", "development", "secret", "secret key", "secret-key", "secret_key", "secretkey",
        "changeme", "change-me", "change_me", "change me", "changethis", "default", "test",
        "testing", "password", "key", "mysecret", "my-secret", "my_secret", "mysecretkey",
        "supersecret", "super-secret", "super secret", "super secret key", "notsecret",
        "not-secret", "insecure", "xxx", "abc123", "123456", "12345", "replace-me", "replaceme",
        "hard to guess string", "you-will-never-guess", "development key", "dev-key",
        "dev_key", "devkey", "s3cr3t", "flask", "keep it secret", "your-secret-key",
        "your_secret_key", "yoursecretkey", "please-change", "todo",
    }
)  # fmt: skip
MIN_SECRET_BYTES = 32
_PLACEHOLDER_WORDS = re.compile(
    r"change|secret|dev|test|example|sample|your|replace|placeholder|default|todo|guess|dummy",
    re.IGNORECASE,
)
AUTH_WORDS = (
    "login_required", "auth", "role", "permission", "admin_required", "jwt_required",
    "token_required", "requires_", "require_", "fresh_login", "protected",
)  # fmt: skip
SENSITIVE_WORDS = ("admin", "debug", "internal", "console", "shell", "manage", "superuser")
DESTRUCTIVE_WORDS = ("delete", "remove", "destroy", "drop", "purge", "reset", "wipe")
LOGIN_WORDS = (
    "login", "signin", "sign_in", "sign-in", "log_in", "log-in", "authenticate",
    "reset_password", "reset-password", "forgot", "password/reset", "/token", "otp", "2fa",
)  # fmt: skip


def is_test_path(path: str) -> bool:
    """Tests and fixtures: hard-coded keys there are expected, not findings."""
    parts = path.lower().split("/")
    name = parts[-1]
    return (
        any(p in ("tests", "test", "testing", "fixtures") for p in parts[:-1])
        or name.startswith("test_")
        or name.endswith("_test.py")
        or name == "conftest.py"
    )


def is_example_config(path: str) -> bool:
    name = path.rsplit("/", 1)[-1].lower()
    return any(w in name for w in ("example", "sample", "template", ".dist", "tmpl"))


def secret_weakness(value: str | bytes) -> str | None:
    """Why a literal key is weak (placeholder, short), or None for a long random-looking one."""
    text = value.decode("latin-1") if isinstance(value, bytes) else value
    if text.strip().lower() in PLACEHOLDER_SECRETS:
        return "a well-known placeholder"
    if len(value) < MIN_SECRET_BYTES:
        return f"only {len(value)} characters (at least {MIN_SECRET_BYTES} random bytes needed)"
    if (_PLACEHOLDER_WORDS.search(text) and " " in text) or len(set(text)) < 8:
        return "a readable phrase, not random bytes"
    return None


def in_main_guard(ctx: ModuleContext, node: ast.AST) -> bool:
    """True inside ``if __name__ == "__main__":`` (development entry point)."""
    current = ctx.parent(node)
    while current is not None:
        if isinstance(current, ast.If) and _is_main_test(current.test):
            return True
        current = ctx.parent(current)
    return False


def _is_main_test(test: ast.expr) -> bool:
    if isinstance(test, ast.Compare) and len(test.comparators) == 1:
        sides = [test.left, test.comparators[0]]
        names = [s for s in sides if isinstance(s, ast.Name) and s.id == "__name__"]
        consts = [s for s in sides if isinstance(s, ast.Constant) and s.value == "__main__"]
        return bool(names and consts)
    return False


def is_app_object(ctx: ModuleContext, expr: ast.expr) -> bool:
    """Does *expr* hold a Flask app (a known app, ``Flask(...)``, ``create_app()``)?"""
    if isinstance(expr, ast.Call):
        name = ctx.call_name(expr)
        return name.endswith(("Flask", "create_app", "make_app", "get_app"))
    qual = ctx.qualname(expr) or ""
    own = f"{ctx.file.module}.{qual}" if ctx.file.module else qual
    apps = {a.qualname for a in ctx.model.apps}
    if own in apps or qual in apps:
        return True
    return isinstance(expr, ast.Name) and expr.id in ("app", "application", "flask_app", "server")


def keyword(call: ast.Call, name: str) -> ast.expr | None:
    return next((k.value for k in call.keywords if k.arg == name), None)


def is_auth_decorator(name: str) -> bool:
    lower = name.lower().rsplit(".", 1)[-1] if "." in name else name.lower()
    return any(w in lower for w in AUTH_WORDS)


def route_words(route: Route) -> str:
    return (
        f"{route.rule} {route.endpoint} {route.blueprint.name if route.blueprint else ''}".lower()
    )


def is_login_route(route: Route) -> bool:
    text = f"{route.rule} {route.endpoint}".lower()
    return "POST" in route.methods and any(w in text for w in LOGIN_WORDS)


def has_extension(model: FlaskModel, *names: str) -> bool:
    return model.extension(*names) is not None


def names_in(node: ast.AST) -> Iterator[str]:
    """Identifiers and attribute names anywhere under *node*, lower case."""
    for sub in iter_subtree(node):
        if isinstance(sub, ast.Name):
            yield sub.id.lower()
        elif isinstance(sub, ast.Attribute):
            yield sub.attr.lower()
        elif isinstance(sub, ast.Subscript):
            key = literal(sub.slice)
            if isinstance(key, str):
                yield key.lower()


def truthy(value: object) -> bool | None:
    """Python/env truthiness of a literal, None when unknown."""
    if value is UNKNOWN:
        return None
    if isinstance(value, str):
        return value.strip().lower() in ("1", "true", "yes", "on")
    return bool(value)


def value_or_default(expr: ast.expr) -> object:
    """A literal's value, or the default of an environment read (``os.getenv("X", "1")``).

    What the code does when nobody set the variable is what ships.
    """
    value = literal(expr)
    if value is not UNKNOWN:
        return value
    if isinstance(expr, ast.BoolOp) and isinstance(expr.op, ast.Or):
        return literal(expr.values[-1])
    if isinstance(expr, ast.Call) and len(expr.args) >= 2:
        func = expr.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        if name in ("get", "getenv"):
            return literal(expr.args[1])
    return UNKNOWN


def function_calls(fn: ast.AST) -> Iterator[ast.Call]:
    return (n for n in iter_subtree(fn) if isinstance(n, ast.Call))
