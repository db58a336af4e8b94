"""Jinja template source to ``jinja2.nodes.Template`` with Jinja's own parser.

A plain :class:`jinja2.Environment` with the common extensions registered is
used, so ``{% do %}``, ``{% trans %}`` and loop controls parse as they do in a
Flask app. Nothing is rendered; unknown tags from third-party extensions are
reported as a template syntax error (FB004) rather than guessed at.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

import jinja2


@dataclass(frozen=True)
class ParsedTemplate:
    tree: Any
    error: str = ""
    error_line: int | None = None


@cache
def _environment() -> jinja2.Environment:
    return jinja2.Environment(  # noqa: S701 - parsing only, nothing is rendered
        extensions=["jinja2.ext.do", "jinja2.ext.loopcontrols", "jinja2.ext.i18n"]
    )


def parse_template(source: str, name: str) -> ParsedTemplate:
    """Parse *source*; a syntax error becomes ``ParsedTemplate(None, why, line)``."""
    try:
        return ParsedTemplate(_environment().parse(source, name=name))
    except jinja2.TemplateSyntaxError as exc:
        return ParsedTemplate(None, exc.message or "template syntax error", exc.lineno)
    except Exception as exc:
        return ParsedTemplate(None, f"template could not be parsed: {type(exc).__name__}")
