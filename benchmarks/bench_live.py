"""Live-check cost: ``run_app_checks`` on an app with N routes, against plain requests.

Run:  .venv/bin/python benchmarks/bench_live.py [--routes N] [--rounds N]

The app has N routes (half GET, half POST, Flask-WTF's CSRFProtect on). The
baseline sends one test-client GET per route, the least any per-route probe
must do; the live check sends an anonymous GET or a cross-site POST per
route (view swapped for a sentinel) plus ten fixed probes, then runs every
live rule. The figure that travels across machines is the ratio.
"""

from __future__ import annotations

import argparse
import secrets
import statistics
import time
from collections.abc import Callable

from flask import Flask
from flask_wtf import CSRFProtect

from flask_bastion.audit.live import run_app_checks


def build(n: int) -> Flask:
    app = Flask("bench_live")
    app.config["SECRET_KEY"] = secrets.token_urlsafe(48)
    CSRFProtect(app)
    for i in range(n):
        methods = ["GET"] if i % 2 == 0 else ["POST"]
        app.add_url_rule(f"/r{i}/<int:item>", f"r{i}", lambda item: "ok", methods=methods)
    return app


def baseline(app: Flask) -> None:
    client = app.test_client()
    for rule in app.url_map.iter_rules():
        if rule.endpoint != "static":
            client.get(rule.rule.replace("<int:item>", "1"))


def median(fn: Callable[[], object], rounds: int) -> float:
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--routes", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    app = build(args.routes)
    base = median(lambda: baseline(app), args.rounds)
    live = median(lambda: run_app_checks(app), args.rounds)
    print(f"routes: {args.routes}, rounds: {args.rounds}")
    print(f"baseline (one GET per route): {base * 1000:8.1f} ms")
    print(f"run_app_checks:               {live * 1000:8.1f} ms")
    print(f"ratio live / baseline:        {live / base:8.2f}")


if __name__ == "__main__":
    main()
