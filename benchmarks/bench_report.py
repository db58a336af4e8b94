"""Reporter throughput: how long each format takes on a big audit result.

Run:  .venv/bin/python benchmarks/bench_report.py [--findings N] [--rounds N]

A synthetic result with N findings (a third with a three-step trace, a tenth
live with a probe, all with a snippet), evidence and diagnostics is rendered
in every format; the figure is the median time per round, findings per
second, and the ratio to a baseline that only ``json.dumps`` the findings'
fields (the least any serialiser must do). Only ratios mean anything across
machines. The rule registry is not loaded: rules come from the findings.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import statistics
import time
from collections.abc import Callable

from flask_bastion import catalog
from flask_bastion.audit.finding import (
    AuditResult,
    Confidence,
    Diagnostic,
    Evidence,
    Finding,
    Location,
    Probe,
    Severity,
    TraceStep,
)
from flask_bastion.audit.report import FORMATS, render


def build(n: int) -> AuditResult:
    entries = list(catalog.load())
    result = AuditResult(root="bench", files_scanned=n // 4, lines_scanned=n * 40)
    for i in range(n):
        path = f"pkg{i % 37}/module{i % 211}.py"
        loc = Location(path, 10 + i % 400, 5, 10 + i % 400, 30)
        trace = ()
        if i % 3 == 0:
            trace = (
                TraceStep(Location(path, loc.line - 2, 9), 'request.args["q"]', "source"),
                TraceStep(Location(path, loc.line - 1, 5), "query = f'...{q}'"),
                TraceStep(loc, "cursor.execute(query)", "sink"),
            )
        live = i % 10 == 0
        result.findings.append(
            Finding(
                rule_id=f"FB{100 + i % 9 * 100 + i % 7}",
                rule_name=f"rule-number-{i % 63}",
                mitigation=entries[i % len(entries)],
                severity=Severity(1 + i % 4),
                confidence=Confidence(1 + i % 3),
                cwe=(89, 20),
                message=f"Request data reaches a SQL sink in handler_{i} without parameters.",
                fix="Pass the values as bound parameters: execute(sql, (value,)).",
                location=None if live else loc,
                probe=Probe("GET", f"https://bench.example/p/{i}", 200, (("Server", "x"),))
                if live
                else None,
                trace=trace,
                snippet=None if live else f"    cursor.execute(query_{i})",
            )
        )
    for i in range(n // 10):
        result.evidence.append(
            Evidence(entries[i % len(entries)], "Bastion(app) installed", Location("app.py", i + 1))
        )
    for i in range(n // 50):
        result.diagnostics.append(Diagnostic("FB001", "could not parse", f"broken{i}.py", 1))
    return result


def baseline(result: AuditResult) -> str:
    return json.dumps([dataclasses.asdict(f) for f in result.findings], default=str)


def median_seconds(work: Callable[[], object], rounds: int) -> float:
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--findings", type=int, default=5000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    result = build(args.findings)
    base = median_seconds(lambda: baseline(result), args.rounds)
    print(f"{args.findings} findings, median of {args.rounds} rounds")
    print(f"{'format':<10} {'seconds':>8} {'findings/s':>11} {'x baseline':>10}")
    print(f"{'baseline':<10} {base:8.3f} {args.findings / base:11.0f} {1:10.1f}")
    for fmt in FORMATS:
        seconds = median_seconds(lambda fmt=fmt: render(result, fmt, rules={}), args.rounds)
        print(f"{fmt:<10} {seconds:8.3f} {args.findings / seconds:11.0f} {seconds / base:10.1f}")


if __name__ == "__main__":
    main()
