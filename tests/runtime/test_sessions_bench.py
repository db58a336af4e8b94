"""Smoke test of ``benchmarks/bench_sessions.py``: it runs and every variant serves.

Tiny round counts and no timing assertions: speed is read from the
benchmark's printed ratios, never asserted in tests.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest

BENCH = Path(__file__).resolve().parents[2] / "benchmarks" / "bench_sessions.py"


def load_bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_sessions", BENCH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.redis
def test_session_benchmark_runs_every_variant(capsys: pytest.CaptureFixture[str]) -> None:
    bench = load_bench()

    assert bench.main(["--rounds", "1", "--batch", "2", "--redis", bench.DEFAULT_REDIS]) == 0

    printed = capsys.readouterr().out
    for variant in ("flask", "bastion-cookie", "bastion-sqlite", "bastion-redis"):
        assert f"\n{variant} " in printed
        assert f"\n{variant}-user " in printed or variant == "flask"
