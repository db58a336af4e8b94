"""docs/settings.md is exactly what scripts/gen_docs.py generates from settings.SETTINGS."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path
from types import ModuleType

from flask_bastion.settings import SETTINGS

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "scripts" / "gen_docs.py"


def _generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("gen_docs", SCRIPT)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_committed_settings_page_is_generated() -> None:
    committed = (ROOT / "docs" / "settings.md").read_text(encoding="utf-8")
    assert committed == _generator().render(), "run: .venv/bin/python scripts/gen_docs.py"


def test_every_setting_has_one_row() -> None:
    text = _generator().render()
    for setting in SETTINGS:
        assert text.count(f"| `{setting.key}` |") == 1, setting.key


def test_check_mode_in_a_real_process() -> None:
    done = subprocess.run(
        [sys.executable, str(SCRIPT), "--check"], capture_output=True, text=True, cwd=ROOT
    )
    assert done.returncode == 0, done.stderr
