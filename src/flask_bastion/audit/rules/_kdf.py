"""Password hashing with a literal work factor below today's minimum (FB432).

A slow hash is only slow with enough iterations: PBKDF2 with 1,000 rounds is
cracked about 600 times faster than with the 600,000 OWASP asks for. Only
literal values (or module constants holding one) are judged: a count read
from configuration is the operator's to set, and a library default is the
library's (Werkzeug, bcrypt and passlib defaults all meet the minimums).
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable, Iterator

from ..project import PythonFile
from ..taint import specs
from . import _secrets_use

PBKDF2_MINIMUM = {"sha1": 1_300_000, "sha256": 600_000, "sha512": 210_000}
"""OWASP Password Storage Cheat Sheet (2023): PBKDF2 iterations per HMAC hash."""
BCRYPT_MINIMUM = 10
"""bcrypt cost (log2 rounds); OWASP: at least 10."""
SCRYPT_MINIMUM_N = 2**14
"""scrypt CPU/memory cost; below 2**14 (16 MiB with r=8) is the paper's own floor for
interactive logins. Werkzeug's default is 2**15, OWASP's 2**17."""
_PASSLIB_ROUNDS = {"pbkdf2_sha256": 600_000, "pbkdf2_sha512": 210_000, "pbkdf2_sha1": 1_300_000}
Hit = tuple[int, int, str]
Lookup = Callable[[str], object]


def weak_parameters(f: PythonFile) -> Iterator[Hit]:
    """Each password-hashing call in *f* whose literal work factor is too low."""
    if not _MENTIONS.search(f.source):
        return
    constants = _module_constants(f.tree)
    aliases = _aliases(f)
    for node in f.nodes(ast.Call):
        qn = _qualname(node.func, aliases)
        message = _judge(node, qn, constants.get)
        if message is None:
            continue
        if qn in _GENERIC_KDFS and _hashes_a_random_key(node, _function_name(f, node)):
            continue
        yield node.lineno, node.col_offset + 1, message


_MENTIONS = re.compile(
    r"""pbkdf2|bcrypt|gensalt|scrypt|\.using\(|rounds|["'](sha\d+|md5|plain)["']"""
)
"""Text that a file writing a password-hash cost contains (a PBKDF2/scrypt method string,
bcrypt, ``rounds=``, a single-round method name); other files are not parsed further."""
_GENERIC_KDFS = frozenset({"hashlib.pbkdf2_hmac", "hashlib.scrypt"})
_RANDOM_KEY_WORDS = frozenset({"api", "token", "lookup", "apikey", "cache", "fingerprint"})


def _hashes_a_random_key(call: ast.Call, function: str) -> bool:
    """``scrypt(api_key, n=2)`` to index API keys: the input is random and long, so the
    cost does not protect it (brute force is hopeless anyway). A password is not."""
    names = [function]
    for arg in call.args[:1] or [k.value for k in call.keywords if k.arg == "password"]:
        names += [n.id for n in ast.walk(arg) if isinstance(n, ast.Name)]
        names += [n.attr for n in ast.walk(arg) if isinstance(n, ast.Attribute)]
    found = _secrets_use.words(*names)
    return bool(found & _RANDOM_KEY_WORDS) and not found & specs.PASSWORD_WORDS


def _function_name(f: PythonFile, node: ast.AST) -> str:
    """The name of the innermost function around *node* (``""`` at module level)."""
    parent = f.parent(node)
    while parent is not None and not isinstance(parent, (ast.FunctionDef, ast.AsyncFunctionDef)):
        parent = f.parent(parent)
    return parent.name if parent is not None else ""


def _judge(call: ast.Call, qn: str, lookup: Lookup) -> str | None:
    last = qn.rpartition(".")[2]
    if qn == "hashlib.pbkdf2_hmac":
        return _pbkdf2(_arg(call, 0, "hash_name", lookup), _arg(call, 3, "iterations", lookup))
    if qn == "hashlib.scrypt":
        return _scrypt(_arg(call, 99, "n", lookup))
    if qn == "bcrypt.gensalt":
        return _bcrypt(_arg(call, 0, "rounds", lookup))
    if last == "generate_password_hash" and qn.startswith("werkzeug."):
        return _werkzeug(_arg(call, 1, "method", lookup))
    if last == "generate_password_hash":
        return _bcrypt(_arg(call, 1, "rounds", lookup))  # Flask-Bcrypt: bcrypt.generate_...
    if last == "using" and qn.rpartition(".")[0].rpartition(".")[2] in (*_PASSLIB_ROUNDS, "bcrypt"):
        return _passlib(qn.rpartition(".")[0].rpartition(".")[2], _arg(call, 99, "rounds", lookup))
    return None


def _pbkdf2(algorithm: object, iterations: object) -> str | None:
    minimum = PBKDF2_MINIMUM.get(str(algorithm).lower().replace("-", ""))
    if minimum is None or not isinstance(iterations, int) or iterations >= minimum:
        return None
    name = str(algorithm).upper().replace("-", "").replace("SHA", "SHA-")
    return f"PBKDF2-{name} with {iterations:,} iterations (OWASP: at least {minimum:,})"


def _scrypt(n: object) -> str | None:
    if not isinstance(n, int) or n >= SCRYPT_MINIMUM_N:
        return None
    return f"scrypt with n={n:,} (at least 2**14 = {SCRYPT_MINIMUM_N:,}; Werkzeug uses 2**15)"


def _bcrypt(rounds: object) -> str | None:
    if not isinstance(rounds, int) or isinstance(rounds, bool) or rounds >= BCRYPT_MINIMUM:
        return None
    return f"bcrypt with cost {rounds} (at least {BCRYPT_MINIMUM})"


def _werkzeug(method: object) -> str | None:
    """``"pbkdf2:sha256:1000"``, ``"scrypt:1024:8:1"``, or a single hash round (``"sha256"``,
    which Werkzeug < 2.3 accepted as one salted HMAC)."""
    if not isinstance(method, str):
        return None
    parts = method.split(":")
    if parts[0] == "pbkdf2" and len(parts) == 3 and parts[2].isdigit():
        return _pbkdf2(parts[1], int(parts[2]))
    if parts[0] == "scrypt" and len(parts) >= 2 and parts[1].isdigit():
        return _scrypt(int(parts[1]))
    if parts[0] in ("plain", "md5", "sha1", "sha256", "sha512"):
        return f'generate_password_hash(method="{method}") stores a single fast hash round'
    return None


def _passlib(scheme: str, rounds: object) -> str | None:
    if scheme == "bcrypt":
        return _bcrypt(rounds)
    minimum = _PASSLIB_ROUNDS[scheme]
    if not isinstance(rounds, int) or rounds >= minimum:
        return None
    return f"passlib {scheme} with {rounds:,} rounds (OWASP: at least {minimum:,})"


# -- reading literal values ------------------------------------------------------


def _arg(call: ast.Call, index: int, name: str, lookup: Lookup) -> object:
    node = next((k.value for k in call.keywords if k.arg == name), None)
    if node is None and index < len(call.args):
        node = call.args[index]
    return None if node is None else _value(node, lookup)


def _value(node: ast.expr, lookup: Lookup) -> object:
    """An int or str written in the code: a literal, ``2**14``, ``1 << 14`` or a module
    constant holding one. Anything else is ``None`` (not judged)."""
    if isinstance(node, ast.Constant):
        return node.value
    if isinstance(node, ast.Name):
        return lookup(node.id)
    if isinstance(node, ast.BinOp):
        left, right = _value(node.left, lookup), _value(node.right, lookup)
        if isinstance(left, int) and isinstance(right, int) and 0 <= right <= 64:
            if isinstance(node.op, ast.Pow):
                return left**right
            if isinstance(node.op, ast.LShift):
                return left << right
            if isinstance(node.op, ast.Mult):
                return left * right
    return None


def _module_constants(tree: ast.Module) -> dict[str, object]:
    """Module-level names assigned exactly once, to a literal."""
    seen: dict[str, list[object]] = {}
    for stmt in tree.body:
        if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1:
            target, value = stmt.targets[0], stmt.value
        elif isinstance(stmt, ast.AnnAssign) and stmt.value is not None:
            target, value = stmt.target, stmt.value
        else:
            continue
        if isinstance(target, ast.Name):
            seen.setdefault(target.id, []).append(_value(value, lambda _: None))
    return {name: values[0] for name, values in seen.items() if len(values) == 1}


def _aliases(f: PythonFile) -> dict[str, str]:
    out: dict[str, str] = {}
    for imp in f.nodes(ast.Import):
        for a in imp.names:
            out[a.asname or a.name.split(".")[0]] = a.name if a.asname else a.name.split(".")[0]
    for node in f.nodes(ast.ImportFrom):
        if node.module and not node.level:
            for a in node.names:
                out[a.asname or a.name] = f"{node.module}.{a.name}"
    return out


def _qualname(func: ast.expr, aliases: dict[str, str]) -> str:
    """``pbkdf2_hmac`` -> ``hashlib.pbkdf2_hmac`` through imports; the dotted text else."""
    parts: list[str] = []
    while isinstance(func, ast.Attribute):
        parts.append(func.attr)
        func = func.value
    if not isinstance(func, ast.Name):
        return ""
    parts.append(aliases.get(func.id, func.id))
    return ".".join(reversed(parts))
