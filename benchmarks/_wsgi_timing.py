"""Raw WSGI calls and interleaved timing shared by the guard and session benchmarks.

Every variant is timed in the same rounds, in a rotating order, with the
garbage collector paused inside a batch, so slow drift of a shared machine
hits all of them alike; the median per variant is what is compared.
"""

from __future__ import annotations

import gc
import io
import statistics
from collections.abc import Callable, Iterable, Mapping
from typing import Any

WsgiApp = Callable[..., Iterable[bytes]]


def call(app: WsgiApp, base: Mapping[str, Any]) -> tuple[str, list[tuple[str, str]], bytes]:
    """One request through *app* as a WSGI server would make it: status, headers, body."""
    environ = dict(base)
    environ["wsgi.input"] = io.BytesIO()
    captured: list[Any] = []

    def start_response(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
        captured[:] = [status, headers]
        return lambda data: None

    body_iter = app(environ, start_response)
    try:
        body = b"".join(body_iter)
    finally:
        close = getattr(body_iter, "close", None)
        if close is not None:
            close()
    return captured[0], captured[1], body


def interleaved_medians(
    apps: Mapping[str, tuple[WsgiApp, Mapping[str, Any]]],
    rounds: int,
    batch: int,
    clock: Callable[[], int],
) -> dict[str, float]:
    """Median microseconds per request of each ``(app, environ)``, rounds interleaved."""
    samples: dict[str, list[float]] = {name: [] for name in apps}
    names = list(apps)
    for round_no in range(rounds):
        shift = round_no % len(names)
        for name in names[shift:] + names[:shift]:
            app, environ = apps[name]
            gc.collect()
            gc.disable()
            start = clock()
            for _ in range(batch):
                call(app, environ)
            elapsed = clock() - start
            gc.enable()
            samples[name].append(elapsed / batch / 1000)
    return {name: statistics.median(values) for name, values in samples.items()}
