"""Cost of upload checks, redacted events and login rate limits, as ratios.

Run:  .venv/bin/python benchmarks/bench_uploads_events_ratelimit.py [--rounds N]

* uploads — ``UploadPolicy.validate`` on a 1 MB and a 5 MB PNG against the
  least any upload handler does: read the stream in chunks into a spooled
  file and hash it.
* events — ``security_event`` (redaction by name and value, request
  fields) against a bare ``logger.warning`` with the same fields, both into
  a ``NullHandler``, inside a request with a session cookie.
* rate limit — a failed login POST through ``@login_rate_limit`` with
  ``memory://`` and with Redis (DB 4) against the same view undecorated,
  through the Flask test client (the whole guard in both).

Rounds are interleaved; the figure is the median per operation and the
ratio to its baseline. Only ratios mean anything across machines.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import io
import logging
import statistics
import tempfile
import time
import uuid
from collections.abc import Callable

import redis
from flask import Flask, request
from werkzeug.datastructures import FileStorage

from flask_bastion import Bastion, UploadPolicy, login_rate_limit, security_event

PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
)


def timed(fn: Callable[[], object], batch: int) -> float:
    start = time.perf_counter()
    for _ in range(batch):
        fn()
    return (time.perf_counter() - start) / batch


def compare(name: str, cases: dict[str, Callable[[], object]], rounds: int, batch: int) -> None:
    samples: dict[str, list[float]] = {k: [] for k in cases}
    for n in range(rounds):
        order = list(cases)
        order = order[n % len(order) :] + order[: n % len(order)]
        for key in order:
            samples[key].append(timed(cases[key], batch))
    base_key = next(iter(cases))
    base = statistics.median(samples[base_key])
    for key, values in samples.items():
        median = statistics.median(values)
        print(f"{name:10} {key:28} {median * 1e6:10.1f} us   x{median / base:5.2f}")


def bench_uploads(rounds: int) -> None:
    policy = UploadPolicy(extensions={"png"}, max_size=10_000_000)
    app = Flask(__name__)
    for size in (1_000_000, 5_000_000):
        data = PNG + b"\x00" * (size - len(PNG))

        def baseline(data: bytes = data) -> None:
            stream = io.BytesIO(data)
            with tempfile.SpooledTemporaryFile(max_size=1024 * 1024) as spool:
                digest = hashlib.sha256()
                while chunk := stream.read(64 * 1024):
                    spool.write(chunk)
                    digest.update(chunk)

        def validate(data: bytes = data) -> None:
            with app.test_request_context():
                policy.validate(FileStorage(io.BytesIO(data), filename="x.png")).stream.close()

        compare(
            f"upload {size // 1_000_000}MB",
            {"read+hash (baseline)": baseline, "UploadPolicy.validate": validate},
            rounds,
            batch=5,
        )


def bench_events(rounds: int) -> None:
    app = Flask(__name__)
    app.config.update(BASTION_PROFILE="testing", SECRET_KEY="b" * 48)
    Bastion(app)
    bare = logging.getLogger("bench.bare")
    for logger in (bare, logging.getLogger("flask_bastion.security")):
        logger.addHandler(logging.NullHandler())
        logger.propagate = False
    fields = {"reason": "too_large", "filename": "a.png", "user": "alice", "password": "x" * 12}
    context = app.test_request_context(
        "/login", method="POST", headers={"Cookie": "session=" + "s" * 80}
    )
    with context:
        compare(
            "events",
            {
                "logger.warning (baseline)": lambda: bare.warning("upload.rejected %s", fields),
                "security_event": lambda: security_event("upload.rejected", **fields),
            },
            rounds,
            batch=2000,
        )


def _login_app(storage: str | None) -> Flask:
    app = Flask(__name__)
    app.config.update(
        BASTION_PROFILE="testing",
        SECRET_KEY="r" * 48,
        BASTION_RATELIMIT_LOGIN="1000000 per hour",
        BASTION_RATELIMIT_STORAGE_URL=storage or "memory://",
    )
    Bastion(app)
    logging.getLogger("flask_bastion.security").disabled = True

    def login() -> tuple[str, int]:
        return "wrong " + request.form.get("password", ""), 401

    view = login if storage is None else login_rate_limit(scope=f"bench-{uuid.uuid4().hex}")(login)
    app.add_url_rule("/login", "login", view, methods=["POST"])
    return app


def bench_ratelimit(rounds: int) -> None:
    cases: dict[str, Callable[[], object]] = {}
    for label, storage in (
        ("undecorated (baseline)", None),
        ("login_rate_limit memory://", "memory://"),
        ("login_rate_limit redis DB 4", "redis://127.0.0.1:6379/4"),
    ):
        client = _login_app(storage).test_client()
        cases[label] = lambda client=client: client.post(
            "/login", data={"password": "x"}, headers={"Sec-Fetch-Site": "same-origin"}
        )
    compare("ratelimit", cases, rounds, batch=200)
    store = redis.Redis(db=4)
    for key in store.scan_iter("*bench-*"):
        store.delete(key)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    bench_uploads(args.rounds)
    bench_events(args.rounds)
    bench_ratelimit(args.rounds)


if __name__ == "__main__":
    main()
