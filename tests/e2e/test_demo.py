"""The README's first command: its audit half runs and says what the reader should see."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_demo_audits_both_examples() -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "demo.py"), "--no-serve"],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    vault, twin = done.stdout.split("== bastion audit examples/")[1:]
    assert " 0 findings" in vault and "0 missing" in vault
    assert " 0 findings" not in twin and "missing: M01" in twin
    for name in ("vault", "vulnerable"):
        report = ROOT / "demo-output" / f"{name}-report.html"
        assert report.read_text(encoding="utf-8").lower().startswith("<!doctype html>")
