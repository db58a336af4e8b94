"""The benchmark runs end to end on a tiny tree (numbers live in benchmarks/, not here)."""

from __future__ import annotations

import importlib.util
import shutil
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "benchmarks" / "bench_audit.py"


@pytest.mark.skipif(shutil.which("bandit", path=str(Path(sys.executable).parent)) is None,
                    reason="bandit is not installed next to this interpreter")  # fmt: skip
def test_benchmark_runs_on_a_tiny_tree(capsys: pytest.CaptureFixture[str]) -> None:
    spec = importlib.util.spec_from_file_location("bench_audit", BENCH)
    assert spec is not None and spec.loader is not None
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    result = bench.main(["--apps", "3", "--no-libraries"])
    assert result["files"] == 3
    assert result["bastion_findings"] > 0
    assert "ratio vs bandit" in capsys.readouterr().out
