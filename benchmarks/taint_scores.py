"""Per-class true- and false-positive rates of the data-flow rules on their labelled cases.

Labels live in ``tests/audit/cases/<rule id>/``: ``# expect: FBnnn`` (and
``# known-miss: FBnnn``) mark vulnerable sink lines, ``# ok`` (and
``# known-fp: FBnnn``) mark safe sink lines of the folder's rule. A finding
on an unlabelled line counts as a false positive.

    python benchmarks/taint_scores.py            # table on stdout
    python benchmarks/taint_scores.py --markdown # the README table
"""

from __future__ import annotations

import re
import sys
import time
from pathlib import Path

from flask_bastion.audit.engine import AuditOptions, run_audit
from flask_bastion.audit.registry import load_rules

CASES = Path(__file__).resolve().parents[1] / "tests" / "audit" / "cases"
POSITIVE = re.compile(r"#\s*(?:expect|known-miss):\s*(FB\d{3}(?:\s*,\s*FB\d{3})*)")
NEGATIVE = re.compile(r"#\s*(?:ok\b|known-fp:\s*(FB\d{3}))")


def labels(folder: Path, rule_id: str) -> tuple[set[tuple[str, int]], set[tuple[str, int]]]:
    pos, neg = set(), set()
    for path in sorted(folder.rglob("*")):
        if not path.is_file() or "__pycache__" in path.parts:
            continue
        rel = path.relative_to(folder).as_posix()
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            m = POSITIVE.search(line)
            if m and rule_id in m.group(1):
                pos.add((rel, number))
            n = NEGATIVE.search(line)
            if n and (n.group(1) in (None, rule_id)):
                neg.add((rel, number))
    return pos, neg


def score(rule_id: str) -> tuple[int, int, int, int]:
    folder = CASES / rule_id
    pos, neg = labels(folder, rule_id)
    result = run_audit([folder], AuditOptions(select=(rule_id,), cache=False, use_pyproject=False))
    got = {
        (f.location.path, f.location.line)
        for f in result.findings
        if f.location is not None and f.rule_id == rule_id
    }
    tp = len(pos & got)
    fp = len(got - pos)
    negatives = len(neg | (got - pos))
    return tp, len(pos), fp, negatives


def data_flow_rules() -> list[str]:
    """FB400-FB449 (taint and secrets), FB550-FB559 (upload flows), FB850-FB859 (IDOR)."""
    return sorted(
        r for r in load_rules() if "FB400" <= r < "FB450" or r.startswith(("FB55", "FB85"))
    )


def main(argv: list[str]) -> int:
    rules = load_rules()
    rows = []
    total = [0, 0, 0, 0]
    started = time.perf_counter()
    for rid in data_flow_rules():
        tp, p, fp, n = score(rid)
        total = [a + b for a, b in zip(total, (tp, p, fp, n), strict=True)]
        rows.append((rid, rules[rid].name, tp, p, fp, n))
    rows.append(("all", "", *total))
    elapsed = time.perf_counter() - started
    md = "--markdown" in argv
    if md:
        print("| rule | class | TP/P | FP/N | TPR | FPR | TPR - FPR |")
        print("|---|---|---|---|---|---|---|")
    else:
        print(f"{'rule':6} {'class':36} {'TP/P':>7} {'FP/N':>7} {'TPR':>6} {'FPR':>6} {'score':>6}")
    for rid, name, tp, p, fp, n in rows:
        tpr = tp / p if p else 1.0
        fpr = fp / n if n else 0.0
        if md:
            print(
                f"| {rid} | {name} | {tp}/{p} | {fp}/{n} | {tpr:.2f} | {fpr:.2f} | {tpr - fpr:.2f} |"
            )
        else:
            print(
                f"{rid:6} {name:36} {f'{tp}/{p}':>7} {f'{fp}/{n}':>7} {tpr:6.2f} {fpr:6.2f} {tpr - fpr:6.2f}"
            )
    if not md:
        print(f"({elapsed:.1f}s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
