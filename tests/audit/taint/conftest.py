"""Build :class:`Project` objects from source strings, so the taint engine is tested alone."""

from __future__ import annotations

import ast
import textwrap
from collections.abc import Callable

import jinja2
import pytest

from flask_bastion.audit.project import Project, PythonFile, TemplateFile
from flask_bastion.audit.taint import Flow, analyze


def make_project(files: dict[str, str]) -> Project:
    """``{"app/views.py": "...", "templates/x.html": "..."}`` -> a parsed Project."""
    project = Project(root=".")
    env = jinja2.Environment()
    for path, text in files.items():
        source = textwrap.dedent(text)
        if path.endswith(".py"):
            module = path[:-3].replace("/", ".")
            project.python_files.append(PythonFile(path, module, source, ast.parse(source)))
        else:
            name = path.split("templates/", 1)[-1]
            project.templates.append(TemplateFile(path, name, source, env.parse(source)))
    return project


def flows_of(files: dict[str, str] | str) -> list[Flow]:
    if isinstance(files, str):
        files = {"app.py": files}
    return list(analyze(make_project(files)).flows)


def kinds_of(files: dict[str, str] | str) -> set[tuple[str, int]]:
    return {(f.kind, f.sink.line) for f in flows_of(files)}


@pytest.fixture
def kinds() -> Callable[[dict[str, str] | str], set[tuple[str, int]]]:
    return kinds_of
