"""Is this hash or random number for a secret? Decided by the names around the call.

MD5 for an ETag and ``random.choice`` for a quote of the day are fine; the
same calls making a password hash or a reset token are not. The words come
from the assignment target, the enclosing function and class, keyword and
dict-key names and the arguments (``reset_token = ...``, ``def
hash_password(...)``, ``{"api_key": ...}``).
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable, Iterator

from ..taint import specs

_WEAK = {"md5": "MD5", "sha1": "SHA-1", "sha": "SHA-1"}
_FAST = frozenset(
    ["sha224", "sha256", "sha384", "sha512", "sha3_256", "sha3_512", "blake2b", "blake2s"]
)
_RANDOM_FUNCS = frozenset(
    ["random", "randint", "randrange", "choice", "choices", "sample", "getrandbits", "randbytes"]
)
_WORD = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])|\d+")
_SECURITY = specs.SECURITY_WORDS - {"key", "code", "hmac", "verify", "pass"}
_SECURE_KEY = re.compile(r"(api|secret|private|signing|encryption|auth|access|session)_?key", re.I)
Hit = tuple[int, int, str]


def words(*names: str) -> set[str]:
    out: set[str] = set()
    for name in names:
        out.update(w.lower() for w in _WORD.findall(name))
        if _SECURE_KEY.search(name):
            out.add("secret")
    return out


def weak_hashes(tree: ast.Module, source: str = "hashlib") -> list[Hit]:
    if not any(w in source for w in ("hashlib", "Hash", "hashes")):
        return []
    aliases = _aliases(tree)
    if not any(
        t.startswith(("hashlib", "Crypto", "Cryptodome", "cryptography")) for t in aliases.values()
    ):
        return []
    hits = []
    for call, context in _calls(tree, lambda c: _hash_name(c, aliases) is not None):
        algo = _hash_name(call, aliases)
        if algo is None or _not_for_security(call) or _hashes_random(call, aliases):
            continue
        if algo in _WEAK and any(p in source for p in _PROTOCOL_SHA1):
            continue  # the HIBP range API is SHA-1 by protocol (k-anonymity, 5 hex chars sent)
        found = _decisive(words(*context), words(*_arg_names(call)))
        if not found:
            continue
        if algo in _WEAK and found & _SECURITY:
            what = "password" if found & specs.PASSWORD_WORDS else "secret or token"
            hits.append((call.lineno, call.col_offset + 1, f"{_WEAK[algo]} used to hash a {what}"))
        elif algo in _FAST and found & specs.PASSWORD_WORDS and not found & {"hmac", "token"}:
            hits.append(
                (call.lineno, call.col_offset + 1, f"fast unsalted {algo} used to hash a password")
            )
    return hits


_PROTOCOL_SHA1 = ("pwnedpasswords.com",)
"""APIs that define SHA-1 as their wire format: the hash is what they require."""
_RANDOM_BYTES = frozenset(
    {"os.urandom", "secrets.token_bytes", "secrets.token_hex", "secrets.token_urlsafe"}
    | {"uuid.uuid4", "random.SystemRandom", "secrets.randbits"}
)


def _hashes_random(call: ast.Call, aliases: dict[str, str]) -> bool:
    """``sha1(os.urandom(64))``: hashing fresh random bytes makes a token as strong as the
    bytes; no one can invert or collide what nobody chose."""
    data = [*call.args, *(k.value for k in call.keywords if k.arg in ("data", "string"))]
    return bool(data) and all(
        any(
            isinstance(n, ast.Call) and _qualname(n.func, aliases) in _RANDOM_BYTES
            for n in ast.walk(d)
        )
        for d in data
    )


def weak_randoms(tree: ast.Module, source: str = "random") -> list[Hit]:
    if "random" not in source and "uuid" not in source:
        return []
    aliases = _aliases(tree)
    if not any(t.startswith(("random", "uuid")) for t in aliases.values()):
        return []
    hits = []
    for call, context in _calls(tree, lambda c: _random_func(c, aliases) is not None):
        func = _random_func(call, aliases)
        if func is None:
            continue
        found = _decisive(words(*context), set())
        if not found:
            continue
        if not found & _SECURITY and not _wide(call, func):
            continue  # country_id = randint(1, 5): picking a row, not making an identifier
        if found & (_SECURITY | specs.ID_WORDS | _KEY_WORDS):
            hits.append(
                (
                    call.lineno,
                    call.col_offset + 1,
                    f"{_module_of(func)}.{func} makes a security value; use secrets",
                )
            )
    return hits


def _decisive(context: set[str], data: set[str]) -> set[str]:
    """The words that decide: the context's names first, the hashed data's names second.

    Empty when a benign word (cache, etag, checksum...) decides the use.
    """
    for found in (context, data):
        if found & specs.BENIGN_WORDS:
            return set()
        if "code" in found and found & _CODE_CONTEXT:
            return found | {"otp"}  # one_time_code, verification_code, reset_code
        if found & (_SECURITY | specs.ID_WORDS | _KEY_WORDS):
            return found
    return set()


_KEY_WORDS = frozenset({"key", "keygen", "keys"})
"""Alone, "key" may be a dict key or a sort key: it counts for a wide random value only."""


_CODE_CONTEXT = frozenset(
    {"one", "time", "verification", "verify", "reset", "confirm", "confirmation", "login"}
    | {"auth", "sms", "otp", "two", "factor", "access", "invite", "activation", "recovery"}
    | {"backup", "magic", "email", "phone", "security"}
)


_WIDE = 100_000
"""An identifier someone could guess must come from a wide range; below this it picks a row."""


def _wide(call: ast.Call, func: str) -> bool:
    """Does the call make a hard-to-guess value (bits, a float, a big range, a long string)?"""
    if func in ("getrandbits", "random", "randbytes", "uuid1"):
        return True
    if func in ("randint", "randrange") and call.args:
        upper = call.args[-1] if func == "randint" or len(call.args) > 1 else call.args[0]
        try:
            return bool(ast.literal_eval(upper) >= _WIDE)
        except (ValueError, TypeError, SyntaxError):
            return False  # randint(1, len(rows)): a row
    if func in ("choices", "sample", "choice") and call.args:  # characters for a string
        pool = call.args[0]
        return (isinstance(pool, ast.Constant) and isinstance(pool.value, str)) or any(
            isinstance(n, ast.Attribute) and n.attr in _ALPHABETS for n in ast.walk(pool)
        )
    return False


_ALPHABETS = frozenset(
    {"ascii_letters", "ascii_lowercase", "ascii_uppercase", "digits", "hexdigits", "punctuation"}
)


def _module_of(func: str) -> str:
    return "uuid" if func == "uuid1" else "random"


def _aliases(tree: ast.Module) -> dict[str, str]:
    out: dict[str, str] = {}
    for node in _imports(tree):
        if isinstance(node, ast.Import):
            for a in node.names:
                out[a.asname or a.name.split(".")[0]] = a.name if a.asname else a.name.split(".")[0]
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            for a in node.names:
                out[a.asname or a.name] = f"{node.module}.{a.name}"
    return out


def _imports(tree: ast.Module) -> list[ast.stmt]:
    """Import statements anywhere (functions, classes, blocks), without visiting expressions."""
    out: list[ast.stmt] = []
    stack: list[ast.stmt] = list(tree.body)
    while stack:
        stmt = stack.pop()
        if isinstance(stmt, (ast.Import, ast.ImportFrom)):
            out.append(stmt)
            continue
        for name in ("body", "orelse", "finalbody", "handlers"):
            block = getattr(stmt, name, None)
            if isinstance(block, list):
                for child in block:
                    if isinstance(child, ast.stmt):
                        stack.append(child)
                    elif isinstance(child, ast.ExceptHandler):
                        stack.extend(child.body)
    return out


def _qualname(node: ast.expr, aliases: dict[str, str]) -> str | None:
    if isinstance(node, ast.Name):
        return aliases.get(node.id)
    if isinstance(node, ast.Attribute):
        base = _qualname(node.value, aliases)
        return f"{base}.{node.attr}" if base else None
    if isinstance(node, ast.Call):  # random.Random().choice
        inner = _qualname(node.func, aliases)
        return inner if inner in ("random.Random",) else None
    return None


def _hash_name(call: ast.Call, aliases: dict[str, str]) -> str | None:
    qn = _qualname(call.func, aliases) or ""
    module, _, name = qn.rpartition(".")
    if module == "hashlib" and name == "new" and call.args:
        arg = call.args[0]
        if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
            return arg.value.lower().replace("-", "")
        return None
    if module == "hashlib" and (name in _WEAK or name in _FAST):
        return name
    if module.endswith(("Crypto.Hash.MD5", "Cryptodome.Hash.MD5")) and name == "new":
        return "md5"
    if module.endswith(("Crypto.Hash.SHA", "Crypto.Hash.SHA1", "Cryptodome.Hash.SHA1")):
        return "sha1"
    if module.endswith("hazmat.primitives.hashes") and name in ("MD5", "SHA1"):
        return name.lower()
    return None


def _random_func(call: ast.Call, aliases: dict[str, str]) -> str | None:
    qn = _qualname(call.func, aliases) or ""
    module, _, name = qn.rpartition(".")
    if module in ("random", "random.Random") and name in _RANDOM_FUNCS:
        return name
    if qn == "uuid.uuid1":
        return "uuid1"  # time and MAC address: guessable
    return None


def _not_for_security(call: ast.Call) -> bool:
    return any(
        k.arg == "usedforsecurity" and isinstance(k.value, ast.Constant) and not k.value.value
        for k in call.keywords
    )


def _arg_names(call: ast.Call) -> list[str]:
    out = []
    for arg in (*call.args, *(k.value for k in call.keywords)):
        for n in ast.walk(arg):
            if isinstance(n, ast.Name):
                out.append(n.id)
            elif isinstance(n, ast.Attribute):
                out.append(n.attr)
            elif isinstance(n, ast.Constant) and isinstance(n.value, str) and len(n.value) < 40:
                out.append(n.value)  # request.form["password"]
    return out


Want = Callable[[ast.Call], bool]


def _calls(tree: ast.Module, want: Want) -> Iterator[tuple[ast.Call, list[str]]]:
    """The calls *want* picks, with the names of their context (targets, function, keys)."""
    yield from _walk_body(tree.body, [], want)


def _walk_body(
    body: list[ast.stmt], scope: list[str], want: Want
) -> Iterator[tuple[ast.Call, list[str]]]:
    for stmt in body:
        if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            yield from _walk_body(stmt.body, [*scope, stmt.name], want)
            continue
        nested = [getattr(stmt, f, None) for f in ("body", "orelse", "finalbody", "handlers")]
        for call in _own_calls(stmt):
            if want(call):
                benign = _benign_callers(stmt, call)  # time.sleep(0.5 + random.random())
                yield call, [*benign, *scope[-2:], *_targets(stmt), *_enclosing_keys(stmt, call)]
        for block in nested:
            if isinstance(block, list):
                stmts = [s for s in block if isinstance(s, ast.stmt)]
                stmts += [s for h in block if isinstance(h, ast.ExceptHandler) for s in h.body]
                yield from _walk_body(stmts, scope, want)


def _own_calls(stmt: ast.stmt) -> Iterator[ast.Call]:
    """Calls in the statement itself, not in the blocks nested under it."""
    heads: list[ast.AST] = []
    for name, value in ast.iter_fields(stmt):
        if name in ("body", "orelse", "finalbody", "handlers", "cases"):
            continue
        if isinstance(value, list):
            heads.extend(v for v in value if isinstance(v, ast.AST))
        elif isinstance(value, ast.AST):
            heads.append(value)
    for head in heads:
        for n in ast.walk(head):
            if isinstance(n, ast.Call):
                yield n


def _targets(stmt: ast.stmt) -> list[str]:
    names: list[str] = []
    targets: list[ast.expr] = []
    if isinstance(stmt, ast.Assign):
        targets = stmt.targets
    elif isinstance(stmt, (ast.AugAssign, ast.AnnAssign)):
        targets = [stmt.target]
    for t in targets:
        for n in ast.walk(t):
            if isinstance(n, ast.Name):
                names.append(n.id)
            elif isinstance(n, ast.Attribute):
                names.append(n.attr)
            elif isinstance(n, ast.Constant) and isinstance(n.value, str):
                names.append(n.value)
    return names


def _enclosing_keys(stmt: ast.stmt, call: ast.Call) -> list[str]:
    out = []
    for n in ast.walk(stmt):
        if isinstance(n, ast.keyword) and n.arg and _contains(n.value, call):
            out.append(n.arg)
        elif isinstance(n, ast.Dict):
            for k, v in zip(n.keys, n.values, strict=False):
                if isinstance(k, ast.Constant) and isinstance(k.value, str) and _contains(v, call):
                    out.append(k.value)
    return out


def _benign_callers(stmt: ast.stmt, call: ast.Call) -> list[str]:
    """Names of calls around *call* that say what it is for, when that is harmless
    (``sleep``, ``backoff``): they decide before the enclosing function's name does."""
    out = []
    for n in ast.walk(stmt):
        if isinstance(n, ast.Call) and n is not call and _contains(n, call):
            name = n.func.attr if isinstance(n.func, ast.Attribute) else getattr(n.func, "id", "")
            if words(name) & specs.BENIGN_WORDS:
                out.append(name)
    return out


def _contains(tree: ast.AST, node: ast.AST) -> bool:
    return any(n is node for n in ast.walk(tree))
