"""The guard benchmark runs end to end (speed itself is judged by its ratios, not here)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

BENCH = Path(__file__).resolve().parents[2] / "benchmarks" / "bench_guard.py"


def test_benchmark_measures_three_apps() -> None:
    spec = importlib.util.spec_from_file_location("bench_guard", BENCH)
    assert spec is not None and spec.loader is not None
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    medians = bench.run(rounds=2, batch=3)
    assert set(medians) == {"bare", "bastion", "talisman"}
    assert all(value > 0 for value in medians.values())
