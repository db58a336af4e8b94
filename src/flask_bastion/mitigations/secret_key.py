"""M05: load a strong ``SECRET_KEY`` and its rotation fallbacks, or refuse.

Anyone who knows the key can forge a session (log in as anyone) and every
token the guard signs, and weak or placeholder keys are guessed offline from
one cookie. So the key is loaded from outside the source (app config, a
provider callable, a file, the environment or a ``*_FILE`` secret path), and
the production profile refuses to start with a missing, short, low-entropy
or placeholder key. Rotation uses Flask's own ``SECRET_KEY_FALLBACKS``: the
new key signs, old keys still verify, so rotating logs nobody out.

What this does not do: judge a key that merely *looks* random (a leaked key
is still strong by every measure here), or keep the key out of memory.
"""

from __future__ import annotations

import itertools
import logging
import math
import os
import re
import secrets
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from werkzeug.utils import import_string

from ..errors import ConfigurationError
from ..settings import Profile

if TYPE_CHECKING:
    from flask import Flask

    from ..extension import BastionState

log = logging.getLogger("flask_bastion")

Key = str | bytes

MIN_ENTROPY_BITS_PER_CHAR = 3.0
"""Shannon entropy per character below which a key is refused.

``"0123456789" * 4`` has 3.3 bits, a random hex key about 3.8 to 4, a
``secrets.token_urlsafe`` key about 5.
"""

MIN_DISTINCT_CHARS = 8
"""A key built from fewer different characters is refused."""

MAX_SEQUENTIAL_FRACTION = 0.5
"""Share of neighbouring characters that repeat or count up (``aa``, ``12``)
above which a key is a keyboard or alphabet run, not randomness."""

PLACEHOLDERS: tuple[str, ...] = (
    "your-strong-secret-key",
    "super-secret-key",
    "please-change",
    "flask-secret",
    "mysecretkey",
    "secret-key",
    "development",
    "replace-me",
    "change-me",
    "changeme",
    "changeit",
    "password",
    "default",
    "example",
    "insecure",
    "notsecret",
    "testing",
    "secret",
    "test",
    "dev",
    "key",
)
"""Values seen in tutorials and templates. Compared case-insensitively,
ignoring punctuation, and also when padded or repeated."""

_PLACEHOLDER_WORDS = tuple(
    sorted({re.sub(r"[^a-z0-9]", "", p) for p in PLACEHOLDERS}, key=len, reverse=True)
)
_FIX = (
    "generate one with `bastion keygen` and pass it through the environment "
    "variable named by BASTION_SECRET_KEY_ENV (default SECRET_KEY), a file "
    "(BASTION_SECRET_KEY_FILE or SECRET_KEY_FILE) or BASTION_SECRET_KEY_PROVIDER"
)
_COMPONENT = "secret_key"


def signing_keys(app: Flask) -> list[Key]:
    """Every key that may verify a signature: the current one, then fallbacks.

    Sign with ``keys[0]`` only; verify against all of them (itsdangerous
    accepts such a list), so tokens signed before a rotation stay valid
    until the old key is dropped from ``SECRET_KEY_FALLBACKS``.
    """
    current = app.config.get("SECRET_KEY")
    fallbacks = app.config.get("SECRET_KEY_FALLBACKS") or []
    return [k for k in (current, *fallbacks) if k]


def weakness(key: Key | None, min_bytes: int = 32) -> str | None:
    """Why *key* is unfit to sign sessions, or None when it is acceptable.

    A pure function so the auditor can judge literals it finds in source
    with exactly the rules the guard applies at start-up. The reason never
    contains the key.
    """
    if not key:
        return "no key is set"
    text = key.decode("latin-1") if isinstance(key, bytes) else key
    size = len(key) if isinstance(key, bytes) else len(key.encode("utf-8"))
    if _is_placeholder(text):
        return "it is a well-known placeholder value"
    if size < min_bytes:
        return f"it is {size} bytes long, shorter than the {min_bytes} bytes required"
    if len(set(text)) < MIN_DISTINCT_CHARS:
        return f"it uses fewer than {MIN_DISTINCT_CHARS} different characters"
    if _entropy_per_char(text) < MIN_ENTROPY_BITS_PER_CHAR:
        return "its entropy is too low (too few different characters, too evenly repeated)"
    if _repeats_pattern(text) or _sequential_fraction(text) > MAX_SEQUENTIAL_FRACTION:
        return "it is a repeated or sequential pattern, not random"
    return None


def install(app: Flask, state: BastionState) -> None:
    """Load the key and fallbacks into app config; refuse weak ones in production."""
    env_name = app.config["BASTION_SECRET_KEY_ENV"]
    if not isinstance(env_name, str) or not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", env_name):
        raise ConfigurationError(
            "BASTION_SECRET_KEY_ENV",
            f"expected an environment variable name, got {env_name!r}",
            'use "SECRET_KEY" or your own name such as "MYAPP_SECRET_KEY"',
        )
    key, source = _load_key(app, env_name)
    fallbacks, fallback_source = _load_fallbacks(app, env_name)
    strict = bool(app.config["BASTION_REQUIRE_STRONG_SECRET"])
    min_bytes = _min_bytes(app)
    if strict:
        _validate(key, "SECRET_KEY", source, min_bytes)
        for index, old in enumerate(fallbacks):
            _validate(old, f"SECRET_KEY_FALLBACKS[{index}]", fallback_source, min_bytes)
    elif key is None and state.profile is Profile.PRODUCTION:
        _validate(None, "SECRET_KEY", source, min_bytes)
    elif key is None:
        key, source = secrets.token_urlsafe(48), "throwaway"
        log.warning(
            "flask-bastion: no SECRET_KEY; profile %r uses a random throwaway key, "
            "so sessions end when the process restarts",
            state.profile.value,
        )
    elif weakness(key, min_bytes):
        log.warning(
            "flask-bastion: SECRET_KEY is weak; tolerated only because "
            "BASTION_REQUIRE_STRONG_SECRET is off"
        )
    app.config["SECRET_KEY"] = key
    app.config["SECRET_KEY_FALLBACKS"] = fallbacks
    state.components[_COMPONENT] = source


def _validate(key: Key | None, setting: str, source: str, min_bytes: int) -> None:
    reason = weakness(key, min_bytes)
    if reason is None:
        return
    where = f" (read from {source})" if key else ""
    raise ConfigurationError(
        setting,
        f"{reason}{where}; anyone who guesses the key can forge sessions and tokens",
        _FIX,
    )


def _min_bytes(app: Flask) -> int:
    value = app.config["BASTION_SECRET_KEY_MIN_BYTES"]
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        raise ConfigurationError(
            "BASTION_SECRET_KEY_MIN_BYTES",
            f"expected a positive number of bytes, got {value!r}",
            "leave it at 32 or raise it",
        )
    return value


# -- loading -------------------------------------------------------------


def _load_key(app: Flask, env_name: str) -> tuple[Key | None, str]:
    """The key and where it came from, by precedence (first found wins)."""
    configured = app.config.get("SECRET_KEY")
    if configured:
        _require_text(configured, "SECRET_KEY")
        return configured, "SECRET_KEY in app config"
    provider = app.config.get("BASTION_SECRET_KEY_PROVIDER")
    if provider is not None:
        return _call_provider(provider), "BASTION_SECRET_KEY_PROVIDER"
    path = app.config.get("BASTION_SECRET_KEY_FILE")
    if path:
        return _read_file(path, "BASTION_SECRET_KEY_FILE"), "BASTION_SECRET_KEY_FILE"
    from_env = os.environ.get(env_name)
    if from_env:
        return from_env, f"environment variable {env_name}"
    env_path = os.environ.get(f"{env_name}_FILE")
    if env_path:
        return _read_file(env_path, f"{env_name}_FILE"), f"file named by {env_name}_FILE"
    return None, "nowhere"


def _load_fallbacks(app: Flask, env_name: str) -> tuple[list[Key], str]:
    """Old keys that still verify, and where they came from."""
    configured = app.config.get("SECRET_KEY_FALLBACKS")
    if configured:
        if isinstance(configured, str | bytes):
            raise ConfigurationError(
                "SECRET_KEY_FALLBACKS",
                "expected a list of old keys, got a single string",
                "wrap it in a list: SECRET_KEY_FALLBACKS = [old_key]",
            )
        keys = list(configured)
        for index, key in enumerate(keys):
            _require_text(key, f"SECRET_KEY_FALLBACKS[{index}]")
        return keys, "SECRET_KEY_FALLBACKS in app config"
    raw = os.environ.get(f"{env_name}_FALLBACKS")
    if raw:
        return _split_keys(raw.split(",")), f"environment variable {env_name}_FALLBACKS"
    path = os.environ.get(f"{env_name}_FALLBACKS_FILE")
    if path:
        text = _read_file(path, f"{env_name}_FALLBACKS_FILE")
        return _split_keys(re.split(r"[,\n]", text)), f"file named by {env_name}_FALLBACKS_FILE"
    return [], "nowhere"


def _require_text(key: object, setting: str) -> None:
    if not isinstance(key, str | bytes):
        raise ConfigurationError(
            setting,
            f"expected the key as str or bytes, got {type(key).__name__}",
            "load the key as text (e.g. from `bastion keygen`)",
        )


def _split_keys(parts: Iterable[str]) -> list[Key]:
    return [p.strip() for p in parts if p.strip()]


def _call_provider(provider: Any) -> Key | None:
    if isinstance(provider, str):
        try:
            provider = import_string(provider)
        except ImportError:
            raise ConfigurationError(
                "BASTION_SECRET_KEY_PROVIDER",
                f"cannot import {provider!r}",
                "give a callable, or an import string such as 'myapp.keys:load_key'",
            ) from None
    if not callable(provider):
        raise ConfigurationError(
            "BASTION_SECRET_KEY_PROVIDER",
            f"expected a callable returning the key, got {type(provider).__name__}",
            "pass a function (or an import string 'module:function') that returns the key",
        )
    call: Callable[[], Any] = provider
    try:
        key = call()
    except Exception as exc:
        raise ConfigurationError(
            "BASTION_SECRET_KEY_PROVIDER",
            f"the provider raised {type(exc).__name__}",
            "make the provider reachable at start-up (vault, KMS), or load the key another way",
        ) from None
    if key is not None and not isinstance(key, str | bytes):
        raise ConfigurationError(
            "BASTION_SECRET_KEY_PROVIDER",
            f"the provider returned {type(key).__name__}, not str or bytes",
            "return the key as text or bytes",
        )
    return key or None


def _read_file(path: str | os.PathLike[str], setting: str) -> str:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigurationError(
            setting,
            f"cannot read the key file {os.fspath(path)!r} ({exc.strerror or type(exc).__name__})",
            "mount the secret at that path, fix its permissions, or unset the setting",
        ) from None
    return text.strip()


# -- judging -------------------------------------------------------------


def _is_placeholder(text: str) -> bool:
    """True when nothing but placeholder words and filler remain.

    Punctuation is dropped only to find the words (``change_me`` is
    ``change-me``); it stays in the remainder, so random bytes that happen
    to contain ``dev`` keep their variety and are not mistaken for filler.
    """
    lowered = text.lower()
    squeezed = re.sub(r"[^a-z0-9]", "", lowered)
    words = [w for w in _PLACEHOLDER_WORDS if w in squeezed]
    if not words:
        return False
    rest = lowered
    for word in words:
        rest = re.sub(r"[^a-z0-9]*".join(word), "", rest)
    return len(set(rest)) < MIN_DISTINCT_CHARS


def _entropy_per_char(text: str) -> float:
    counts = Counter(text)
    total = len(text)
    return -sum(n / total * math.log2(n / total) for n in counts.values())


def _repeats_pattern(text: str) -> bool:
    """True when *text* is a shorter unit repeated at least twice (KMP period)."""
    border = [0] * len(text)
    for i in range(1, len(text)):
        k = border[i - 1]
        while k and text[i] != text[k]:
            k = border[k - 1]
        if text[i] == text[k]:
            k += 1
        border[i] = k
    period = len(text) - border[-1]
    return period <= len(text) // 2


def _sequential_fraction(text: str) -> float:
    pairs = list(itertools.pairwise(text))
    steps = sum(1 for a, b in pairs if ord(b) - ord(a) in (0, 1))
    return steps / len(pairs)
