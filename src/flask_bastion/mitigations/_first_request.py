"""Run a start-up check once more when the first request arrives.

Some dangerous states can appear after ``init_app`` (``app.debug = True``
set later, a Jinja environment created later from changed options). A
``before_request`` hook that removes itself once the check passes costs the
first request a few microseconds and every later request nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from flask import Flask
    from flask.typing import ResponseReturnValue

Check = Callable[[], "ResponseReturnValue | None"]


def on_first_request(app: Flask, check: Check) -> None:
    """Call *check* before requests until it returns None, then never again.

    While *check* returns a response, that response is sent instead of the
    view's, so a failed check keeps refusing (fail closed). The hook list is
    replaced, not mutated, so the request that removes it is not disturbed.
    """

    def hook() -> ResponseReturnValue | None:
        refusal = check()
        if refusal is None:
            funcs = app.before_request_funcs.get(None, [])
            app.before_request_funcs[None] = [f for f in funcs if f is not hook]
        return refusal

    app.before_request_funcs.setdefault(None, []).append(hook)
