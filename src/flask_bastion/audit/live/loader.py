"""Import the project's Flask app the way ``flask --app`` does.

This runs the project's code (module top level, the factory, every
extension's ``init_app``): the CLI says so before calling it. Accepted
specs: ``module:app``, ``module:create_app()`` (with literal arguments),
``module`` (Flask's own search for ``app``/``application``/a factory),
``path/to/file.py[:name]``, or nothing, in which case ``FLASK_APP`` is read.
"""

from __future__ import annotations

import os
import re
import sys

from flask import Flask
from flask.cli import NoAppException, locate_app, prepare_import


class AppLoadError(Exception):
    """The app could not be imported; the message says what to pass instead."""


_SPLIT = re.compile(r":(?![\\/])")


def load_app(spec: str | None, root: str = ".") -> Flask:
    """Import and return the app named by *spec* (or ``FLASK_APP``), relative to *root*."""
    spec = spec or os.environ.get("FLASK_APP")
    if not spec:
        raise AppLoadError(
            "no app given: pass --app module:app (or module:create_app()), or set FLASK_APP"
        )
    module, name = ([*_SPLIT.split(spec, maxsplit=1), None])[:2]
    assert module is not None
    module_name = _import_name(module, os.path.abspath(root))
    try:
        return locate_app(module_name, name)
    except NoAppException as exc:
        raise AppLoadError(f"could not load the app {spec!r}: {exc}") from None
    except Exception as exc:  # the project's own code failed while importing
        raise AppLoadError(
            f"importing {spec!r} raised {type(exc).__name__}: {exc}. "
            "The live check imports the project: set the environment it needs "
            "(SECRET_KEY, database URLs, ...) as in production"
        ) from exc


def _import_name(module: str, root: str) -> str:
    """Put the right folder on ``sys.path`` and return the dotted module name."""
    if module.endswith(".py") or os.sep in module or "/" in module:
        return prepare_import(os.path.join(root, module))
    if root not in sys.path:
        sys.path.insert(0, root)
    return module
