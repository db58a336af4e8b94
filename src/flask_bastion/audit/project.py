"""What the engine hands to rules: the scanned files, parsed once.

These names are a contract between the engine (which fills them), the taint
engine and the rules (which read them). Fields may be added; none may be
renamed.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from typing import Any


@dataclass
class PythonFile:
    """One Python source file, parsed once with ``ast``."""

    path: str
    """Relative to the scan root, POSIX separators (``app/views.py``)."""
    module: str
    """Dotted module name relative to the scan root (``app.views``)."""
    source: str
    tree: ast.Module
    parser: str = "ast"
    """Which parser produced ``tree``: ``ast`` or a fallback for newer syntax."""

    def line(self, number: int) -> str:
        lines = self.source.splitlines()
        return lines[number - 1] if 0 < number <= len(lines) else ""


@dataclass
class TemplateFile:
    """One Jinja template, parsed with Jinja's own parser."""

    path: str
    name: str
    """The name views use in ``render_template`` (relative to its templates folder)."""
    source: str
    tree: Any
    """``jinja2.nodes.Template``."""


@dataclass
class ConfigFile:
    """A non-Python file a Flask project is configured by (.env, *.cfg, requirements...)."""

    path: str
    kind: str
    """``env``, ``ini``, ``toml``, ``yaml``, ``dockerfile``, ``procfile``,
    ``requirements`` or ``lock``."""
    source: str
    data: Any = None
    """Parsed content where the format has a parser (a dict), else None."""


@dataclass
class Project:
    """Everything one audit run read; rules of scope PROJECT receive this."""

    root: str
    python_files: list[PythonFile] = field(default_factory=list)
    templates: list[TemplateFile] = field(default_factory=list)
    config_files: list[ConfigFile] = field(default_factory=list)
    model: Any = None
    """The Flask model (apps, blueprints, routes, config, extensions) built by the engine."""

    def file(self, path: str) -> PythonFile | None:
        return next((f for f in self.python_files if f.path == path), None)

    def template(self, name: str) -> TemplateFile | None:
        return next((t for t in self.templates if t.name == name or t.path.endswith(name)), None)
