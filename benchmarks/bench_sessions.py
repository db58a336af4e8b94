"""Per-request cost of the guard's sessions: cookie, SQLite and Redis vs bare Flask.

Run:  .venv/bin/python benchmarks/bench_sessions.py [--rounds N] [--batch N]
      [--redis redis://127.0.0.1:6379/3]

One view reads the session and writes it (a visit counter). It runs in:

* ``flask``          — bare Flask and its signed cookie session;
* ``bastion-cookie`` — ``Bastion(app)`` with signed cookie sessions (the default);
* ``bastion-sqlite`` — ``Bastion(app)`` with ``BASTION_SESSION_URL=sqlite:///…``;
* ``bastion-redis``  — ``Bastion(app)`` with ``BASTION_SESSION_URL=redis://…``;
* ``…-user``         — the same three with a signed-in user, whose session
  is also checked against the revocation records on every request.

The Bastion apps run the production profile with everything on (so the
figures include every other mitigation too; ``bastion-cookie`` is the
baseline that isolates what a store adds). Every request is a raw WSGI call
in this process on an environ built once, carrying the cookie a first
request produced: over http with ``X-Forwarded-Proto: https`` from one
trusted proxy. Rounds are interleaved in a rotating order so CPU drift hits
every app alike; the figure is the median per-request time of the rounds and
its ratio to bare Flask. Only ratios mean anything across machines.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from typing import Any

from flask import Flask, session
from werkzeug.test import EnvironBuilder

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))  # run as a script or loaded by path
from _wsgi_timing import call, interleaved_medians

KEY = "Hq3vT8mZ1cX6bN4kL9pR2sW7yF0dG5jA8eU3iO6tY1rE4wQ9zC2xV7nM5bK0lP3h"
HOST = "bench.example"
DEFAULT_REDIS = "redis://127.0.0.1:6379/3"


def _add_views(app: Flask) -> Flask:
    @app.get("/visit")
    def visit() -> str:
        visits = session.get("visits", 0) + 1
        session["visits"] = visits
        return f"visit {visits}"

    @app.get("/sign-in")
    def sign_in() -> str:
        session["_user_id"] = "bench-user"  # the key Flask-Login uses
        return "signed in"

    return app


def flask_app(instance: str) -> Flask:
    app = Flask("bench_flask", instance_path=instance)
    app.secret_key = KEY
    return _add_views(app)


def bastion_app(instance: str, url: str | None) -> Flask:
    from flask_bastion import Bastion

    app = Flask("bench_bastion", instance_path=instance)
    app.config.update(
        SECRET_KEY=KEY,
        BASTION_PROFILE="production",
        BASTION_TRUSTED_PROXIES=1,
        BASTION_TRUSTED_HOSTS=[HOST],
        BASTION_SESSION_URL=url,
        BASTION_SESSION_KEY_PREFIX=f"bench:{uuid.uuid4().hex}:",
    )
    Bastion(app)
    return _add_views(app)


def _environ(path: str, cookie: str | None) -> dict[str, Any]:
    headers = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.7"}
    if cookie:
        headers["Cookie"] = cookie
    builder = EnvironBuilder(path=path, base_url=f"http://{HOST}", headers=headers)
    try:
        return builder.get_environ()
    finally:
        builder.close()


def _cookie_after(app: Flask, path: str, cookie: str | None) -> str | None:
    status, headers, _ = call(app, _environ(path, cookie))
    if not status.startswith("200"):
        raise RuntimeError(f"{app.name} {path}: answered {status}")
    issued = [v.split(";", 1)[0] for k, v in headers if k.lower() == "set-cookie"]
    return "; ".join(issued) or cookie


def _prepare(app: Flask, signed_in: bool) -> dict[str, Any]:
    """A first request creates the session (signed in if asked); later ones reuse it."""
    cookie = _cookie_after(app, "/visit", None)
    if signed_in:
        cookie = _cookie_after(app, "/sign-in", cookie)
    return _environ("/visit", cookie)


def build(redis_url: str, instance: str) -> dict[str, tuple[Flask, dict[str, Any]]]:
    factories: dict[str, tuple[Callable[[], Flask], bool]] = {
        "flask": (lambda: flask_app(instance), False),
        "bastion-cookie": (lambda: bastion_app(instance, None), False),
        "bastion-sqlite": (lambda: bastion_app(instance, "sqlite:///bench.sqlite3"), False),
        "bastion-redis": (lambda: bastion_app(instance, redis_url), False),
        "bastion-cookie-user": (lambda: bastion_app(instance, None), True),
        "bastion-sqlite-user": (lambda: bastion_app(instance, "sqlite:///bench.sqlite3"), True),
        "bastion-redis-user": (lambda: bastion_app(instance, redis_url), True),
    }
    built = {}
    for name, (factory, signed_in) in factories.items():
        app = factory()
        built[name] = (app, _prepare(app, signed_in))
    return built


def run(rounds: int = 30, batch: int = 200, redis_url: str = DEFAULT_REDIS) -> dict[str, float]:
    """Median microseconds per request for each variant, interleaved rounds."""
    with tempfile.TemporaryDirectory() as instance:
        apps = build(redis_url, instance)
        for name, (app, environ) in apps.items():  # warm up; every app must serve
            for _ in range(max(1, batch // 10)):
                status, _headers, _body = call(app, environ)
                if not status.startswith("200"):
                    raise RuntimeError(f"{name}: answered {status}")
        return interleaved_medians(apps, rounds, batch, time.perf_counter_ns)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--batch", type=int, default=200)
    parser.add_argument("--redis", default=DEFAULT_REDIS)
    args = parser.parse_args(argv)
    medians = run(rounds=args.rounds, batch=args.batch, redis_url=args.redis)
    base, cookie = medians["flask"], medians["bastion-cookie"]
    print(f"{'variant':<21} {'µs/request':>11} {'vs flask':>8} {'vs bastion-cookie':>17}")
    for name, value in medians.items():
        print(f"{name:<21} {value:>11.1f} {value / base:>7.2f}x {value / cookie:>16.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
