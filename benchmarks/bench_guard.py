"""Per-request cost of the guard: bare Flask vs Bastion vs Talisman + Flask-WTF.

Run:  .venv/bin/python benchmarks/bench_guard.py [--rounds N] [--batch N]

The same view runs in three apps: it renders a template holding a form (with
a CSRF token and a nonce'd inline script), reads the session and writes it.

* ``bare``     — Flask alone; ``csrf_token()``/``csp_nonce()`` are constant stubs.
* ``bastion``  — ``Bastion(app)`` with everything on: the production profile,
  a strong key, HTTPS behind one trusted TLS proxy, trusted hosts.
* ``talisman`` — Flask-Talisman (same CSP, nonce in ``script-src``, HSTS,
  HTTPS redirect) + Flask-WTF ``CSRFProtect``, behind the same ``ProxyFix``.

``--breakdown`` adds the guard with one layer off, and ``bare+codec``: bare
Flask whose cookie session signs with the guard's codec
(``mitigations/sessions/codec.py``). The guard's codec is cheaper than
Flask's own signing, so ``bastion`` vs ``bare`` nets that saving against
what the guard adds; ``bastion`` vs ``bare+codec`` is the guard's cost with
the saving taken out.

Every request is a raw WSGI call in this process on the same environ (built
once with ``EnvironBuilder``): a GET over http whose ``X-Forwarded-Proto:
https`` comes from the trusted proxy, carrying the session cookie a first
request produced. Rounds are interleaved (the three apps take turns, in a
rotating order) so drift in CPU speed hits every app alike; each round
times a batch of requests in CPU time of this process (``process_time``),
so other processes competing for the cores do not land in one app's
figures; the figure is the median per-request time and its ratio to bare
Flask. Only ratios mean anything across machines.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable
from typing import Any

from flask import Flask, render_template, session
from flask.sessions import SecureCookieSessionInterface
from jinja2 import DictLoader
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.test import EnvironBuilder

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))  # run as a script or loaded by path
from _wsgi_timing import call, interleaved_medians

KEY = "k7Yc0r2Qm9vZ4pX1bN8sD3fG6hJ5lT0wE2rU9iO7aS4dF1gH8jK3zX6cV5bN0mQ"
HOST = "bench.example"
CSP = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}
PAGE = """<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>{{ title }}</title>
  <script nonce="{{ csp_nonce() }}">document.documentElement.className = "js";</script>
</head>
<body>
  <h1>{{ title }}</h1>
  <p>Visits in this session: {{ visits }}</p>
  <form method="post" action="/profile">
    <input type="hidden" name="csrf_token" value="{{ csrf_token() }}">
    <label>Name <input name="name" value="{{ name }}"></label>
    <label>E-mail <input name="email" type="email" value="{{ email }}"></label>
    <button>Save</button>
  </form>
  <ul>{% for item in items %}<li>{{ item }}</li>{% endfor %}</ul>
</body>
</html>
"""

StartResponse = Callable[..., Any]


def _add_view(app: Flask) -> Flask:
    app.jinja_loader = DictLoader({"page.html": PAGE})  # type: ignore[method-assign,assignment]

    @app.route("/profile", methods=["GET", "POST"])
    def profile() -> str:
        visits = session.get("visits", 0) + 1
        session["visits"] = visits
        return render_template(
            "page.html",
            title="Your profile",
            visits=visits,
            name="Ada <Lovelace>",
            email="ada@example.org",
            items=[f"item {n}" for n in range(10)],
        )

    return app


def bare_app() -> Flask:
    app = Flask("bench_bare")
    app.secret_key = KEY
    app.jinja_env.globals.update(csrf_token=lambda: "", csp_nonce=lambda: "")
    return _add_view(app)


def bastion_app(**overrides: Any) -> Flask:
    from flask_bastion import Bastion

    app = Flask("bench_bastion")
    app.config.update(
        SECRET_KEY=KEY,
        BASTION_PROFILE="production",
        BASTION_TRUSTED_PROXIES=1,
        BASTION_TRUSTED_HOSTS=[HOST],
        BASTION_CSP=CSP,
    )
    app.config.update(overrides)
    Bastion(app)
    return _add_view(app)


# --breakdown: the guard with one layer switched off, to see what each costs.
# "-csrf" also stubs csrf_token(), so the page no longer stores a token in the session.
def _without_csrf() -> Flask:
    app = bastion_app(BASTION_CSRF=False)
    app.jinja_env.globals["csrf_token"] = lambda: ""
    return app


class _CodecSessions(SecureCookieSessionInterface):
    """Flask's cookie sessions, signed with the guard's codec built once."""

    _codec: Any = None

    def get_signing_serializer(self, app: Flask) -> Any:
        from flask_bastion.mitigations.sessions.codec import SessionCodec, signing_key_list

        if self._codec is None:
            self._codec = SessionCodec(signing_key_list(app))
        return self._codec


def _bare_with_codec() -> Flask:
    app = bare_app()
    app.session_interface = _CodecSessions()
    return app


BREAKDOWN: dict[str, Callable[[], Flask]] = {
    "bare+codec": _bare_with_codec,
    "-headers": lambda: bastion_app(BASTION_HEADERS=False),
    "-csrf": _without_csrf,
    "-transport": lambda: bastion_app(
        BASTION_FORCE_HTTPS=False, BASTION_TRUSTED_PROXIES=0, BASTION_TRUSTED_HOSTS=None
    ),
}


def talisman_app() -> Flask:
    from flask_talisman import Talisman
    from flask_wtf.csrf import CSRFProtect

    app = Flask("bench_talisman")
    app.secret_key = KEY
    app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1, x_host=1, x_port=1)  # type: ignore[method-assign]
    Talisman(
        app,
        force_https=True,
        strict_transport_security=True,
        content_security_policy=CSP,
        content_security_policy_nonce_in=["script-src"],
        frame_options="DENY",
        referrer_policy="strict-origin-when-cross-origin",
        permissions_policy={"camera": "()", "microphone": "()", "geolocation": "()"},
        session_cookie_secure=True,
    )
    CSRFProtect(app)
    return _add_view(app)


APPS: dict[str, Callable[[], Flask]] = {
    "bare": bare_app,
    "bastion": bastion_app,
    "talisman": talisman_app,
}


def _environ(cookie: str | None) -> dict[str, Any]:
    headers = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.7"}
    if cookie:
        headers["Cookie"] = cookie
    builder = EnvironBuilder(path="/profile", base_url=f"http://{HOST}", headers=headers)
    try:
        return builder.get_environ()
    finally:
        builder.close()


def _prepare(app: Flask) -> dict[str, Any]:
    """A first request creates the session; later ones send its cookie back."""
    status, headers, _ = call(app, _environ(None))
    if not status.startswith("200"):
        raise RuntimeError(f"{app.name}: warm-up request answered {status}")
    cookies = [v.split(";", 1)[0] for k, v in headers if k.lower() == "set-cookie"]
    return _environ("; ".join(cookies))


def run(rounds: int = 30, batch: int = 200, breakdown: bool = False) -> dict[str, float]:
    """Median microseconds per request for each app, interleaved rounds."""
    factories = {**APPS, **(BREAKDOWN if breakdown else {})}
    apps = {name: factory() for name, factory in factories.items()}
    environs = {name: _prepare(app) for name, app in apps.items()}
    for name, app in apps.items():  # warm caches, check every app serves the page
        for _ in range(max(1, batch // 10)):
            status, _headers, _body = call(app, environs[name])
            if not status.startswith("200"):
                raise RuntimeError(f"{name}: answered {status}")
    timed = {name: (app, environs[name]) for name, app in apps.items()}
    return interleaved_medians(timed, rounds, batch, time.process_time_ns)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--batch", type=int, default=200)
    parser.add_argument(
        "--breakdown", action="store_true", help="also time Bastion with one layer off"
    )
    args = parser.parse_args(argv)
    medians = run(rounds=args.rounds, batch=args.batch, breakdown=args.breakdown)
    base, codec = medians["bare"], medians.get("bare+codec")
    extra = f" {'vs bare+codec':>13}" if codec else ""
    print(f"{'app':<18} {'µs/request':>11} {'vs bare':>8}{extra}")
    for name, value in medians.items():
        label = f"bastion{name}" if name.startswith("-") else name
        extra = f" {value / codec:>12.2f}x" if codec else ""
        print(f"{label:<18} {value:>11.1f} {value / base:>7.2f}x{extra}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
