"""Live rules FB180-FB184: the effective configuration, secret key and debug switches.

They read ``target.app`` (the app after every extension's ``init_app``, configured
from the real environment and secret files) and yield nothing for ``--url``.
Secret values are judged, never shown.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from ...mitigations.secret_key import weakness
from ..finding import Confidence, Severity
from ..registry import Scope, rule
from ._common import Result, app_of, config_probe
from .target import (
    LiveTarget,
)

if TYPE_CHECKING:
    from flask import Flask


# -- FB18x configuration, secret key and debug -------------------------------------------


@rule(
    "FB180",
    "live-weak-secret-key",
    "SECRET_KEY in force is missing, short, a placeholder or low-entropy",
    severity=Severity.CRITICAL,
    confidence=Confidence.HIGH,
    cwe=(798, 330),
    mitigation="M05",
    fix="Generate a key with `bastion keygen` and load it from the environment or a secret file.",
    scope=Scope.LIVE,
)
def weak_secret_key(target: LiveTarget) -> Result:
    """## What it does
    Judges the `SECRET_KEY` (and every `SECRET_KEY_FALLBACKS` entry) the imported
    app really runs with, after the environment, secret files and every
    extension's `init_app`: missing, shorter than 32 bytes, a placeholder, or
    low-entropy. The value itself is never printed.

    ## Why is this bad?
    Whoever knows or guesses the key signs sessions and CSRF tokens: they log in
    as anyone. Placeholders and short keys are cracked offline from one cookie.

    ## Example
    ```python
    app.config["SECRET_KEY"] = "dev"
    ```

    ## Use instead
    ```python
    app.config["SECRET_KEY"] = os.environ["SECRET_KEY"]  # from `bastion keygen`
    ```

    ## References
    - CWE-798, CWE-330; OWASP ASVS V6.4.1
    - Flask docs: `SECRET_KEY`, `SECRET_KEY_FALLBACKS`
    """
    app = app_of(target)
    if app is None:
        return
    min_bytes = int(app.config.get("BASTION_SECRET_KEY_MIN_BYTES") or 32)
    keys = [("SECRET_KEY", app.config.get("SECRET_KEY"))]
    keys += [
        (f"SECRET_KEY_FALLBACKS[{i}]", k)
        for i, k in enumerate(app.config.get("SECRET_KEY_FALLBACKS") or ())
    ]
    for name, key in keys:
        why = weakness(key, min_bytes)
        probe = config_probe(target, name.split("[")[0])
        if why:
            yield weak_secret_key.finding(f"{name}: {why}", probe=probe)
        else:
            yield weak_secret_key.evidence(
                f"{name} is long and random (value not shown)", probe=probe
            )


def _debug_sources(app: Flask) -> list[str]:
    sources = []
    if app.debug:
        sources.append("app.debug is True")
    if os.environ.get("FLASK_DEBUG", "").lower() not in ("", "0", "false", "no"):
        sources.append("FLASK_DEBUG is set in the environment")
    return sources


@rule(
    "FB181",
    "live-debug-mode-on",
    "The imported app runs with debug mode on",
    severity=Severity.HIGH,
    confidence=Confidence.HIGH,
    cwe=(489, 215),
    mitigation="M07",
    fix="Leave DEBUG and FLASK_DEBUG unset in production; serve with gunicorn, not `app.run`.",
    scope=Scope.LIVE,
)
def debug_mode_on(target: LiveTarget) -> Result:
    """## What it does
    Reports an imported app whose `app.debug` is true, or an environment with
    `FLASK_DEBUG` set (which `flask run` turns into debug mode).

    ## Why is this bad?
    Debug mode shows tracebacks with source and configuration to every visitor,
    and with the development server it enables the interactive debugger:
    remote code execution.

    ## Example
    ```python
    app.config["DEBUG"] = True
    ```

    ## Use instead
    ```python
    app.config.from_prefixed_env()  # DEBUG unset in production
    ```

    ## References
    - CWE-489, CWE-215; OWASP ASVS V14.3.2
    """
    app = app_of(target)
    if app is None:
        return
    sources = _debug_sources(app)
    probe = config_probe(target, "DEBUG")
    if sources:
        yield debug_mode_on.finding("debug mode is on: " + "; ".join(sources), probe=probe)
    else:
        yield debug_mode_on.evidence("debug mode is off", probe=probe)


@rule(
    "FB182",
    "live-testing-mode-on",
    "The imported app runs with TESTING or LOGIN_DISABLED on",
    severity=Severity.HIGH,
    confidence=Confidence.HIGH,
    cwe=(489,),
    mitigation="M07",
    fix="Set TESTING and LOGIN_DISABLED only in the test suite's configuration.",
    scope=Scope.LIVE,
)
def testing_mode_on(target: LiveTarget) -> Result:
    """## What it does
    Reports an imported app with `TESTING` or Flask-Login's `LOGIN_DISABLED`
    true in its effective configuration.

    ## Why is this bad?
    `TESTING` propagates exceptions to the server (which may show them) and
    extensions relax checks under it; `LOGIN_DISABLED` turns every
    `login_required` into a no-op.

    ## Example
    ```python
    app.config.update(TESTING=True, LOGIN_DISABLED=True)
    ```

    ## Use instead
    ```python
    # tests/conftest.py only
    app = create_app({"TESTING": True})
    ```

    ## References
    - CWE-489
    """
    app = app_of(target)
    if app is None:
        return
    on = [k for k in ("TESTING", "LOGIN_DISABLED") if app.config.get(k)]
    probe = config_probe(target, "TESTING")
    if on:
        yield testing_mode_on.finding(
            ", ".join(on) + " is on in the running configuration", probe=probe
        )
    else:
        yield testing_mode_on.evidence("TESTING and LOGIN_DISABLED are off", probe=probe)


@rule(
    "FB183",
    "live-request-limits-unset",
    "Request body or form parsing limits are unset",
    severity=Severity.MEDIUM,
    confidence=Confidence.HIGH,
    cwe=(400, 770),
    mitigation="M23",
    fix="Set MAX_CONTENT_LENGTH (and keep MAX_FORM_MEMORY_SIZE, MAX_FORM_PARTS), or use Bastion.",
    scope=Scope.LIVE,
)
def request_limits_unset(target: LiveTarget) -> Result:
    """## What it does
    Reads `MAX_CONTENT_LENGTH`, `MAX_FORM_MEMORY_SIZE` and `MAX_FORM_PARTS` in
    the running configuration and reports each one that is `None` (unlimited).

    ## Why is this bad?
    Without limits one client can send a body or a multipart form big enough to
    exhaust the worker's memory or disk.

    ## Example
    ```python
    app = Flask(__name__)  # MAX_CONTENT_LENGTH defaults to None
    ```

    ## Use instead
    ```python
    app.config["MAX_CONTENT_LENGTH"] = 16 * 1024 * 1024
    ```

    ## References
    - CWE-400, CWE-770; OWASP ASVS V13.1.3
    """
    app = app_of(target)
    if app is None:
        return
    for key in ("MAX_CONTENT_LENGTH", "MAX_FORM_MEMORY_SIZE", "MAX_FORM_PARTS"):
        probe = config_probe(target, key)
        if app.config.get(key) is None:
            yield request_limits_unset.finding(f"{key} is unset: no limit", probe=probe)
        else:
            yield request_limits_unset.evidence(f"{key} = {app.config[key]}", probe=probe)


@rule(
    "FB184",
    "live-guard-profile-relaxed",
    "Flask-Bastion runs with a relaxed (development/testing) profile",
    severity=Severity.HIGH,
    confidence=Confidence.HIGH,
    cwe=(16,),
    mitigation="M07",
    fix="Set BASTION_PROFILE=production (the default) where the app serves real users.",
    scope=Scope.LIVE,
)
def guard_profile_relaxed(target: LiveTarget) -> Result:
    """## What it does
    Reports an app guarded by `Bastion` whose profile is not `production`,
    naming every setting the profile relaxes.

    ## Why is this bad?
    The development and testing profiles accept weak keys, debug mode and plain
    HTTP on purpose; in front of real users they remove the safety net.

    ## Example
    ```python
    app.config["BASTION_PROFILE"] = "development"
    Bastion(app)
    ```

    ## Use instead
    ```python
    Bastion(app)  # production profile by default
    ```

    ## References
    - CWE-16
    """
    app = app_of(target)
    state = app.extensions.get("bastion") if app is not None else None
    if state is None:
        return
    profile = getattr(getattr(state, "profile", None), "value", "production")
    probe = config_probe(target, "BASTION_PROFILE")
    if profile != "production":
        relaxed = ", ".join(getattr(state, "relaxed", ())) or "nothing"
        msg = f"BASTION_PROFILE is {profile!r}; it relaxes {relaxed}"
        yield guard_profile_relaxed.finding(msg, probe=probe)
    else:
        yield guard_profile_relaxed.evidence(
            "Flask-Bastion guards the app (production profile)", probe=probe
        )
