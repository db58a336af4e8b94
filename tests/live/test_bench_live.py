"""Smoke test of ``benchmarks/bench_live.py``: it runs and prints its ratio."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parents[2] / "benchmarks" / "bench_live.py"


def test_bench_live_runs() -> None:
    done = subprocess.run(
        [sys.executable, str(BENCH), "--routes", "10", "--rounds", "1"],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    assert "ratio live / baseline:" in done.stdout
