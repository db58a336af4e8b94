"""The signed cookie format, built once per key list instead of once per call.

The format is itsdangerous' ``URLSafeTimedSerializer`` exactly as Flask's
cookie session uses it (HMAC-SHA1 with ``hmac`` key derivation, the key
list of ``SECRET_KEY_FALLBACKS``, Flask's tagged JSON, zlib when it makes
the value shorter), with the guard's own salt. What changes is the work
around it, which Flask repeats on every load and every save:

* the serializer, its signer and the derived HMAC keys are made once per
  key list (Flask builds a serializer, probes it with a JSON dump and
  derives the key again each time);
* the HMAC runs in OpenSSL in one call (Flask's ``_lazy_sha1`` wrapper
  sends ``hmac`` down its pure-Python path);
* JSON made only of strings, numbers, booleans, ``None``, lists and plain
  dicts skips the tagged-JSON walk, which would leave it unchanged; anything
  else (tuples, bytes, ``Markup``, datetimes, UUIDs) still goes through it;
* zlib is tried only on JSON longer than 512 bytes, and with a 4 KiB window
  (a cookie is at most 4 KiB) instead of 32 KiB. Below 512 bytes the cookie
  is far from the browsers' 4 KiB limit, and setting up a deflate stream
  costs more than the handful of bytes it saves; it also keeps the length
  of small cookies from depending on how well secrets compress against
  other session data.

Cookies written by either side read on the other, and a key rotation keeps
working as with Flask.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import zlib
from typing import Any

from flask.sessions import session_json_serializer
from itsdangerous import TimestampSigner, URLSafeTimedSerializer
from itsdangerous.encoding import base64_encode, want_bytes
from itsdangerous.signer import SigningAlgorithm

SALT = "bastion-session"
"""Not Flask's salt: a cookie Flask signed for its own sessions is not one of ours."""

_PLAIN = frozenset({str, int, float, bool, type(None)})
_TAG_KEYS = frozenset(session_json_serializer.tags)
_ENCODER = json.JSONEncoder(separators=(",", ":"), sort_keys=True)
"""What ``flask.json.dumps`` gives in a request with the default provider."""
_DECODER = json.JSONDecoder(object_hook=session_json_serializer.untag)
_COMPRESS_ABOVE = 512
_ZLIB_WINDOW_BITS = 12
_ZLIB_MEM_LEVEL = 2


def _is_plain(value: Any) -> bool:
    """Whether tagged JSON would leave *value* unchanged, so plain JSON says the same."""
    # Loops rather than all(...): this runs on every save, and generators cost more.
    kind = type(value)
    if kind is dict:
        if len(value) == 1 and next(iter(value)) in _TAG_KEYS:
            return False  # the tagged form escapes such a dict
        for key, item in value.items():
            if type(key) is not str or (type(item) not in _PLAIN and not _is_plain(item)):
                return False
        return True
    if kind is list:
        for item in value:  # noqa: SIM110 (see above)
            if type(item) not in _PLAIN and not _is_plain(item):
                return False
        return True
    return kind in _PLAIN


class TaggedJSON:
    """Flask's tagged JSON for sessions, without the walk when nothing needs a tag."""

    @staticmethod
    def dumps(value: Any) -> str:
        if _is_plain(value):
            return _ENCODER.encode(value)
        return session_json_serializer.dumps(value)

    @staticmethod
    def loads(value: str) -> Any:
        return _DECODER.decode(value)


class _HMACSHA1(SigningAlgorithm):
    """itsdangerous' default algorithm, as one OpenSSL call."""

    def get_signature(self, key: bytes, value: bytes) -> bytes:
        return hmac.digest(key, value, "sha1")


class _Signer(TimestampSigner):
    """A timestamp signer that derives each key's HMAC key once, not per call."""

    def __init__(self, secret_keys: list[bytes], salt: bytes) -> None:
        super().__init__(
            secret_keys,
            salt=salt,
            key_derivation="hmac",
            digest_method=hashlib.sha1,
            algorithm=_HMACSHA1(),
        )
        self._derived: dict[bytes, bytes] = {}

    def derive_key(self, secret_key: str | bytes | None = None) -> bytes:
        key = self.secret_keys[-1] if secret_key is None else want_bytes(secret_key)
        derived = self._derived.get(key)
        if derived is None:
            derived = self._derived[key] = super().derive_key(key)
        return derived


class SessionCodec(URLSafeTimedSerializer):
    """Sign and verify session payloads with one key list (oldest first, as itsdangerous).

    Thread-safe: it holds nothing but the keys and values derived from them.
    """

    def __init__(self, keys: tuple[str | bytes, ...]) -> None:
        super().__init__(list(keys), salt=SALT, serializer=TaggedJSON)  # type: ignore[arg-type]
        assert self.salt is not None
        self._signer = _Signer(self.secret_keys, self.salt)

    def make_signer(self, salt: str | bytes | None = None) -> TimestampSigner:
        if salt is None:
            return self._signer
        return _Signer(self.secret_keys, want_bytes(salt))

    def dump_payload(self, obj: Any) -> bytes:
        # As itsdangerous: compressed (and marked with ".") only when shorter.
        raw = TaggedJSON.dumps(obj).encode()
        if len(raw) <= _COMPRESS_ABOVE:
            return base64_encode(raw)
        deflate = zlib.compressobj(6, zlib.DEFLATED, _ZLIB_WINDOW_BITS, _ZLIB_MEM_LEVEL)
        compressed = deflate.compress(raw) + deflate.flush()
        if len(compressed) < len(raw) - 1:
            return b"." + base64_encode(compressed)
        return base64_encode(raw)

    def loads(  # type: ignore[override]
        self, s: str | bytes, max_age: int | None = None, **kwargs: Any
    ) -> Any:
        """Verify against every key and the age limit, then decode; raises ``BadSignature``."""
        if kwargs:
            return super().loads(s, max_age=max_age, **kwargs)
        return self.load_payload(self._signer.unsign(s, max_age=max_age))


def signing_key_list(app: Any) -> tuple[str | bytes, ...]:
    """The app's keys as Flask orders them for signing: fallbacks, then the current key."""
    fallbacks = app.config.get("SECRET_KEY_FALLBACKS") or ()
    return (*fallbacks, app.secret_key)
