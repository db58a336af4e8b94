"""Where server-side sessions and revocation records live: SQLite or Redis.

A store is a dumb keyed blob box with a few revocation records; it judges
nothing. Keys arrive already hashed (the interface hashes session ids, user
ids and nonces with SHA-256), so a copy of the store can neither be replayed
as cookies nor read as a list of user names. Every failure to reach the
backing service becomes :class:`StoreUnavailable`, which the interface turns
into a 503; no store ever falls back to something weaker.
"""

from __future__ import annotations

import functools
import hashlib
import os
import sqlite3
import threading
import time
from collections.abc import Callable
from typing import Any, Protocol, TypeVar
from urllib.parse import parse_qs, unquote, urlsplit

import redis
import redis.exceptions

from ...errors import ConfigurationError

T = TypeVar("T")

DEFAULT_REVOCATION_URL = "sqlite:///bastion-sessions.sqlite3"
"""Cookie sessions keep their revocation records here unless told otherwise."""

_REDIS_TIMEOUT = 2.0
"""Seconds to wait for Redis before a request fails closed with a 503."""

_REDIS_FAILURES: tuple[type[Exception], ...] = (
    redis.exceptions.ConnectionError,  # also refused auth and "loading dataset"
    redis.exceptions.TimeoutError,
    redis.exceptions.RedisClusterException,
    redis.exceptions.ClusterError,
    redis.exceptions.ReadOnlyError,  # a replica during failover
)


class StoreUnavailable(Exception):
    """The backing service did not answer; the request must fail closed."""

    def __init__(self, kind: str, cause: BaseException) -> None:
        self.kind = kind
        super().__init__(f"{kind} session store unavailable ({type(cause).__name__})")


def digest(namespace: str, value: str) -> str:
    """Hash *value* for use as a store key; the raw value never reaches the store."""
    return hashlib.sha256(f"{namespace}:{value}".encode()).hexdigest()


class SessionStore(Protocol):
    """What the session interface needs from a backing store.

    Session records (server-side sessions) are indexed by user so "log out
    everywhere" deletes them all. Versions and revoked nonces serve cookie
    sessions, whose payload the server cannot delete.
    """

    kind: str

    def load(self, key: str) -> bytes | None: ...

    def save(self, key: str, value: bytes, ttl: int, *, user: str | None, create: bool) -> bool:
        """Write a record; unless *create*, only if it still exists.

        An update never resurrects a record that a concurrent logout or
        revocation deleted: it returns False instead.
        """
        ...

    def delete(self, key: str) -> None: ...

    def delete_user_sessions(self, user: str) -> None: ...

    def bump_user_version(self, user: str) -> int: ...

    def revoke_nonce(self, nonce: str, ttl: int) -> None: ...

    def revocation(self, user: str, nonce: str | None) -> tuple[int, bool]:
        """Return the user's session version and whether *nonce* is revoked."""
        ...


def open_store(
    url: str, instance_path: str, prefix: str, *, setting: str, lifetime: int
) -> SessionStore:
    """Build the store *url* names; an unknown scheme is a start-up error.

    *lifetime* is the longest a session can live (the absolute timeout).
    """
    scheme = url.split(":", 1)[0].lower()
    if scheme == "sqlite":
        return SQLiteStore(_sqlite_path(url, instance_path, setting))
    connect = _redis_connector(url, scheme, setting)
    if connect is not None:
        return RedisStore(connect, prefix, index_ttl=lifetime)
    raise ConfigurationError(
        setting,
        f"unknown session store scheme {scheme!r}",
        "use sqlite:///path, redis://, rediss://, redis+sentinel:// or redis+cluster://",
    )


# -- SQLite -----------------------------------------------------------------


def _sqlite_path(url: str, instance_path: str, setting: str) -> str:
    """``sqlite:///rel`` is under the instance folder; ``sqlite:////abs`` is absolute."""
    path = url[len("sqlite:///") :] if url.startswith("sqlite:///") else ""
    if not path:
        raise ConfigurationError(
            setting,
            "an SQLite session URL needs a file path",
            "write sqlite:///sessions.sqlite3 (under the instance folder) or sqlite:////abs/path",
        )
    return path if os.path.isabs(path) else os.path.join(instance_path, path)


_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS bastion_sessions "
    "(key TEXT PRIMARY KEY, data BLOB NOT NULL, expires REAL NOT NULL, user TEXT)",
    "CREATE INDEX IF NOT EXISTS bastion_sessions_user ON bastion_sessions (user)",
    "CREATE TABLE IF NOT EXISTS bastion_user_versions "
    "(user TEXT PRIMARY KEY, version INTEGER NOT NULL)",
    "CREATE TABLE IF NOT EXISTS bastion_revoked (key TEXT PRIMARY KEY, expires REAL NOT NULL)",
)
_PURGE_EVERY = 500
"""Writes between two sweeps of expired rows (Redis expires keys by itself)."""


class SQLiteStore:
    """The embedded store: one file, private to its owner, safe across processes.

    Each thread (and each forked process) gets its own connection; WAL mode
    lets readers and one writer work at once, and a busy timeout makes
    writers queue instead of failing. The file is created ``0600`` in a
    ``0700`` folder: it holds live session data.
    """

    kind = "sqlite"

    def __init__(self, path: str) -> None:
        self.path = path
        self._local = threading.local()
        self._writes = 0

    def open(self) -> None:
        """Create the file and schema now, so a bad path fails at start-up."""
        self._conn()

    def writable(self) -> bool:
        """Whether the file exists writable, or could be created, without creating it."""
        if os.path.exists(self.path):
            return os.path.isfile(self.path) and os.access(self.path, os.W_OK)
        folder = os.path.dirname(os.path.abspath(self.path))
        while not os.path.exists(folder):
            folder = os.path.dirname(folder)
        return os.path.isdir(folder) and os.access(folder, os.W_OK)

    def _conn(self) -> sqlite3.Connection:
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None or self._local.pid != os.getpid():
            conn = self._connect()
            self._local.conn, self._local.pid = conn, os.getpid()
        return conn

    def _connect(self) -> sqlite3.Connection:
        folder = os.path.dirname(self.path)
        if folder:
            os.makedirs(folder, mode=0o700, exist_ok=True)
        if not os.path.exists(self.path):
            os.close(os.open(self.path, os.O_CREAT | os.O_RDWR, 0o600))
        conn = sqlite3.connect(self.path, timeout=5.0, isolation_level=None)
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=NORMAL")
        for statement in _SCHEMA:
            conn.execute(statement)
        return conn

    def _run(self, work: Callable[[sqlite3.Connection], T]) -> T:
        try:
            return work(self._conn())
        except (sqlite3.DatabaseError, OSError) as exc:  # locked, unreadable, corrupt
            raise StoreUnavailable(self.kind, exc) from exc

    def load(self, key: str) -> bytes | None:
        row = self._run(
            lambda c: c.execute(
                "SELECT data FROM bastion_sessions WHERE key = ? AND expires > ?",
                (key, time.time()),
            ).fetchone()
        )
        return None if row is None else bytes(row[0])

    def save(self, key: str, value: bytes, ttl: int, *, user: str | None, create: bool) -> bool:
        row = (value, time.time() + ttl, user, key)
        if create:
            sql = "INSERT INTO bastion_sessions (data, expires, user, key) VALUES (?, ?, ?, ?)"
        else:
            sql = "UPDATE bastion_sessions SET data = ?, expires = ?, user = ? WHERE key = ?"
        written = self._run(lambda c: c.execute(sql, row).rowcount)
        self._writes += 1
        if self._writes % _PURGE_EVERY == 0:
            self._purge()
        return bool(written)

    def _purge(self) -> None:
        now = time.time()
        self._run(lambda c: c.execute("DELETE FROM bastion_sessions WHERE expires <= ?", (now,)))
        self._run(lambda c: c.execute("DELETE FROM bastion_revoked WHERE expires <= ?", (now,)))

    def delete(self, key: str) -> None:
        self._run(lambda c: c.execute("DELETE FROM bastion_sessions WHERE key = ?", (key,)))

    def delete_user_sessions(self, user: str) -> None:
        self._run(lambda c: c.execute("DELETE FROM bastion_sessions WHERE user = ?", (user,)))

    def bump_user_version(self, user: str) -> int:
        def bump(c: sqlite3.Connection) -> int:
            row = c.execute(
                "INSERT INTO bastion_user_versions (user, version) VALUES (?, 1) "
                "ON CONFLICT(user) DO UPDATE SET version = version + 1 RETURNING version",
                (user,),
            ).fetchone()
            return int(row[0])

        return self._run(bump)

    def revoke_nonce(self, nonce: str, ttl: int) -> None:
        self._run(
            lambda c: c.execute(
                "INSERT OR REPLACE INTO bastion_revoked (key, expires) VALUES (?, ?)",
                (nonce, time.time() + ttl),
            )
        )

    def revocation(self, user: str, nonce: str | None) -> tuple[int, bool]:
        row = self._run(
            lambda c: c.execute(
                "SELECT (SELECT version FROM bastion_user_versions WHERE user = ?), "
                "EXISTS(SELECT 1 FROM bastion_revoked WHERE key = ? AND expires > ?)",
                (user, nonce or "", time.time()),
            ).fetchone()
        )
        return int(row[0] or 0), bool(row[1])


# -- Redis ------------------------------------------------------------------


def _redis_connector(url: str, scheme: str, setting: str) -> Callable[[], Any] | None:
    if scheme in ("redis", "rediss", "unix"):
        return functools.partial(redis.Redis.from_url, url, **_redis_defaults())
    if scheme in ("redis+cluster", "rediss+cluster"):
        return functools.partial(_cluster, scheme.replace("+cluster", "") + url[len(scheme) :])
    if scheme in ("redis+sentinel", "rediss+sentinel"):
        return _sentinel_factory(url, setting)
    return None


def _redis_defaults() -> dict[str, Any]:
    """Short timeouts: a dead Redis must give a quick 503, not a hung worker."""
    return {"socket_connect_timeout": _REDIS_TIMEOUT, "socket_timeout": _REDIS_TIMEOUT}


def _cluster(url: str) -> Any:
    from redis.cluster import RedisCluster

    return RedisCluster.from_url(url, **_redis_defaults())


def _sentinel_factory(url: str, setting: str) -> Callable[[], Any]:
    """Parse ``redis+sentinel://[:password@]host:port[,host:port]/service[/db]``.

    redis-py has no URL form for Sentinel, so this is the one we document.
    ``?sentinel_password=`` authenticates to the sentinels themselves.
    """
    parts = urlsplit(url)
    netloc = parts.netloc.rsplit("@", 1)[-1]
    path = [p for p in parts.path.split("/") if p]
    if not netloc or not path:
        raise ConfigurationError(
            setting,
            "a Sentinel URL needs sentinel hosts and a service name",
            "write redis+sentinel://host1:26379,host2:26379/mymaster/0",
        )
    hosts = []
    for item in netloc.split(","):
        host, _, port = item.rpartition(":")
        hosts.append((host or item, int(port) if host else 26379))
    service, db = path[0], int(path[1]) if len(path) > 1 else 0
    query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
    master_kwargs: dict[str, Any] = {"db": db, **_redis_defaults()}
    if parts.password:
        master_kwargs["password"] = unquote(parts.password)
    if parts.username:
        master_kwargs["username"] = unquote(parts.username)
    if parts.scheme.startswith("rediss"):
        master_kwargs["ssl"] = True
    sentinel_kwargs: dict[str, Any] = dict(_redis_defaults())
    if "sentinel_password" in query:
        sentinel_kwargs["password"] = query["sentinel_password"]

    def connect() -> Any:
        from redis.sentinel import Sentinel

        sentinel = Sentinel(hosts, sentinel_kwargs=sentinel_kwargs, **_redis_defaults())
        return sentinel.master_for(service, **master_kwargs)

    return connect


class RedisStore:
    """Redis, Redis Sentinel or Redis Cluster through redis-py.

    The client is built on first use and kept; redis-py's pool reconnects
    by itself, so service resumes when Redis is back. Every key carries the
    configured prefix so several apps can share one database.
    """

    kind = "redis"

    def __init__(self, connect: Callable[[], Any], prefix: str, index_ttl: int) -> None:
        self._connect = connect
        self._client: Any = None
        self._prefix = prefix
        self._index_ttl = index_ttl
        self._lock = threading.Lock()

    def _run(self, work: Callable[[Any], T]) -> T:
        try:
            return work(self._redis())
        except _REDIS_FAILURES as exc:
            raise StoreUnavailable(self.kind, exc) from exc

    def _redis(self) -> Any:
        if self._client is None:
            with self._lock:
                if self._client is None:
                    self._client = self._connect()
        return self._client

    def _key(self, kind: str, key: str) -> str:
        return f"{self._prefix}{kind}:{key}"

    def load(self, key: str) -> bytes | None:
        value = self._run(lambda r: r.get(self._key("s", key)))
        return None if value is None else _as_bytes(value)

    def save(self, key: str, value: bytes, ttl: int, *, user: str | None, create: bool) -> bool:
        ttl = max(1, ttl)

        def write(r: Any) -> bool:
            if user is None:
                return bool(r.set(self._key("s", key), value, ex=ttl, nx=create, xx=not create))
            pipe = r.pipeline(transaction=False)
            pipe.set(self._key("s", key), value, ex=ttl, nx=create, xx=not create)
            # The index outlives every session it lists: ttl never exceeds it.
            pipe.sadd(self._key("u", user), key)
            # Each session lives at most the absolute timeout past its last
            # save, so the index (refreshed on every save) outlives them all.
            pipe.expire(self._key("u", user), self._index_ttl)
            return bool(pipe.execute()[0])

        return self._run(write)

    def delete(self, key: str) -> None:
        self._run(lambda r: r.delete(self._key("s", key)))

    def delete_user_sessions(self, user: str) -> None:
        def delete_all(r: Any) -> None:
            index = self._key("u", user)
            for member in r.smembers(index):
                r.delete(self._key("s", _as_bytes(member).decode()))
            r.delete(index)

        self._run(delete_all)

    def bump_user_version(self, user: str) -> int:
        return int(self._run(lambda r: r.incr(self._key("uv", user))))

    def revoke_nonce(self, nonce: str, ttl: int) -> None:
        self._run(lambda r: r.set(self._key("rn", nonce), b"1", ex=max(1, ttl)))

    def revocation(self, user: str, nonce: str | None) -> tuple[int, bool]:
        if nonce is None:
            return int(self._run(lambda r: r.get(self._key("uv", user))) or 0), False

        def read(r: Any) -> list[Any]:
            pipe = r.pipeline(transaction=False)
            pipe.get(self._key("uv", user))
            pipe.exists(self._key("rn", nonce or "-"))
            return list(pipe.execute())

        version, revoked = self._run(read)
        return int(version or 0), bool(revoked)


def _as_bytes(value: bytes | str) -> bytes:
    """Values as bytes, even when the URL asked redis-py to ``decode_responses``."""
    return value.encode() if isinstance(value, str) else bytes(value)
