"""Config files a Flask project is configured by: classify and read them.

The kinds (``ConfigFile.kind``): ``env`` (``.env*``, ``.flaskenv``), ``ini``
(``*.cfg``, ``*.ini``), ``toml``, ``yaml``, ``dockerfile``, ``procfile``,
``json`` (``*config*.json``, ``*settings*.json``, ``*secret*.json``),
``requirements`` (``requirements*.txt``, ``*.in``), ``lock`` (``*.lock``,
``poetry.lock``, ``Pipfile.lock``, ``uv.lock``), ``gunicorn`` (a
``gunicorn.conf.py`` is also parsed as Python). ``data`` is a dict for
formats with a parser (env, ini, toml, yaml, JSON locks) and None otherwise;
a file that does not parse keeps ``data`` None (rules still see ``source``).
"""

from __future__ import annotations

import configparser
import json
import re
import sys
from fnmatch import fnmatch
from typing import Any

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

_ENV_LINE = re.compile(r"^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*[=:]\s*(.*?)\s*$")


def config_kind(name: str) -> str | None:
    """The kind of a config file from its base name, or None when not one."""
    lower = name.lower()
    if lower == ".flaskenv" or lower == ".env" or lower.startswith(".env."):
        return "env"
    if lower.endswith(".env"):
        return "env"
    if fnmatch(lower, "requirements*.txt") or fnmatch(lower, "requirements*.in"):
        return "requirements"
    if lower in ("poetry.lock", "pipfile.lock", "uv.lock", "pdm.lock") or lower.endswith(".lock"):
        return "lock"
    if lower == "pipfile":
        return "toml"
    if lower.startswith("dockerfile") or lower.endswith(".dockerfile"):
        return "dockerfile"
    if lower == "procfile":
        return "procfile"
    if lower in ("gunicorn.conf.py", "gunicorn_conf.py"):
        return "gunicorn"
    if lower.endswith(".json") and any(w in lower for w in ("config", "settings", "secret")):
        return "json"
    if lower.endswith((".cfg", ".ini")):
        return "ini"
    if lower.endswith(".toml"):
        return "toml"
    if lower.endswith((".yaml", ".yml")):
        return "yaml"
    return None


def parse_env(source: str) -> dict[str, str]:
    """``KEY=value`` lines (``export`` allowed, quotes stripped, comments skipped)."""
    out: dict[str, str] = {}
    for line in source.splitlines():
        if line.lstrip().startswith("#"):
            continue
        match = _ENV_LINE.match(line)
        if match:
            key, value = match.groups()
            out[key] = _unquote(value)
    return out


def env_lines(source: str) -> dict[str, int]:
    """Line number of each key's last assignment (for locations)."""
    out: dict[str, int] = {}
    for number, line in enumerate(source.splitlines(), 1):
        match = _ENV_LINE.match(line)
        if match and not line.lstrip().startswith("#"):
            out[match.group(1)] = number
    return out


def _unquote(value: str) -> str:
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
        return value[1:-1]
    return value.split(" #", 1)[0].strip()


def parse_config(kind: str, name: str, source: str) -> Any:
    """Parsed content of a config file, or None when unparseable or unstructured."""
    try:
        if kind == "env":
            return parse_env(source)
        if kind == "ini":
            parser = configparser.ConfigParser(interpolation=None, strict=False)
            parser.read_string(source)
            return {s: dict(parser[s]) for s in parser.sections()}
        if kind == "toml" or (kind == "lock" and name.lower() in ("poetry.lock", "uv.lock")):
            return tomllib.loads(source)
        if kind == "json" or (kind == "lock" and name.lower() == "pipfile.lock"):
            return json.loads(source)
        if kind == "yaml":
            import yaml

            return yaml.safe_load(source)
    except Exception:
        return None
    return None
