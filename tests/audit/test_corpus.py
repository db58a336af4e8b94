"""The corpus of realistic apps (``benchmarks/corpus/``) keeps its labels.

Each app is audited as its own project and compared with its labels (see
``benchmarks/corpus_scores.py``): every ``expect`` must be reported, every
``known-fp`` too (a documented false positive), no ``known-miss`` may be
reported (a fixed miss must turn into ``expect``), and nothing else may be
reported. So a regression fails here, and so does a fix, until the label
moves with it: the measured precision and recall never drift silently.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "benchmarks" / "corpus_scores.py"


def _load_scores() -> ModuleType:
    spec = importlib.util.spec_from_file_location("corpus_scores", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


scores = _load_scores()
APPS = scores.apps()


@pytest.mark.parametrize(
    "app", [pytest.param(a, id=a.relative_to(scores.CORPUS).as_posix()) for a in APPS]
)
def test_app_matches_its_labels(app: Path) -> None:
    result = scores.audit_app(app)
    assert not result.mismatches, "\n" + "\n".join(result.mismatches)


def test_every_vulnerable_app_has_a_clean_twin() -> None:
    names = {
        side: {a.name for a in APPS if a.parent.name == side} for side in ("vulnerable", "clean")
    }
    assert names["vulnerable"] == names["clean"]


def test_clean_twins_carry_no_vulnerability_labels() -> None:
    for app in (a for a in APPS if a.parent.name == "clean"):
        labels = scores.read_labels(app)
        wrong = labels["expect"] | labels["known-miss"] | labels["expect-class"]
        assert not wrong, f"{app.name}: a clean twin is labelled vulnerable at {sorted(wrong)}"


def test_labels_parse_every_kind() -> None:
    line = "x = f(y)  # expect: FB401, FB402; known-fp: FB414 why; ok: FB802; expect-class: CWE-22"
    found = {(kind, ids) for kind, ids in scores.LABEL.findall(line)}
    assert found == {
        ("expect", "FB401, FB402"),
        ("known-fp", "FB414"),
        ("ok", "FB802"),
        ("expect-class", "CWE-22"),
    }


def test_score_counts_each_label_once() -> None:
    labels = {kind: set() for kind in scores.KINDS}
    labels["expect"] = {("a.py", 1, "FB401"), ("a.py", 2, "FB401")}
    labels["known-miss"] = {("a.py", 3, "FB401")}
    labels["known-fp"] = {("a.py", 4, "FB401")}
    labels["ok"] = {("a.py", 5, "FB401"), ("a.py", 4, "FB401")}
    found = {("a.py", 1, "FB401"), ("a.py", 4, "FB401"), ("a.py", 6, "FB401")}
    counts = scores.score([scores.AppResult("x", labels, found)])["FB401"]
    assert (counts.tp, counts.fn, counts.fp, counts.tn) == (1, 2, 2, 1)
