"""How the auditor does on code it was not written for: per-class TP, FN, FP, TN.

The corpus (``benchmarks/corpus/``) holds small but realistic Flask apps in
the shapes real projects use (app factories, blueprints, helpers in other
modules, class-based views, SQLAlchemy, Flask-Login, WTForms):
``vulnerable/<app>/`` and their fixed twins ``clean/<app>/``. Each app is
audited as its own project. Labels are comments on the flagged line
(``{# ... #}`` in templates):

* ``expect: FBnnn`` the line is vulnerable and the rule reports it;
* ``known-miss: FBnnn why`` the line is vulnerable, the rule should report
  it and does not (a false negative, kept visible);
* ``expect-class: CWE-nnn`` the line is vulnerable and no rule covers the class;
* ``known-fp: FBnnn why`` the rule reports a line that is fine (a false positive);
* ``ok: FBnnn`` the line is the fixed form of a sink that rule watches (a
  true negative while nothing is reported there).

A finding on a line without ``expect``/``known-fp`` for its rule is an
unlabelled false positive: ``tests/audit/test_corpus.py`` fails on it, and so
on every label that no longer matches, so both regressions and fixes show.

    python benchmarks/corpus_scores.py            # per-class table
    python benchmarks/corpus_scores.py --markdown # the README table
    python benchmarks/corpus_scores.py --real     # + findings on clean real apps (downloads sdists)
    python benchmarks/corpus_scores.py --corpus DIR  # score another labelled set (a held-out one)
"""

from __future__ import annotations

import collections
import re
import subprocess
import sys
import tarfile
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from flask_bastion.audit.engine import AuditOptions, run_audit

CORPUS = Path(__file__).resolve().parent / "corpus"
LABEL = re.compile(
    r"\b(expect|known-miss|known-fp|ok|expect-class):\s*"
    r"((?:FB\d{3}|CWE-\d+)(?:\s*,\s*(?:FB\d{3}|CWE-\d+))*)"
)
KINDS = ("expect", "known-miss", "known-fp", "ok", "expect-class")

_HYGIENE = ("FB201", "FB202", "FB204", "FB502", "FB602", "FB700", "FB701")
"""Project rules that say a setting is never set: true of any app that does not set it."""


@dataclass(frozen=True)
class RealApp:
    """A clean real app and the triage of its findings (done by reading each one).

    ``true`` maps a rule id to how many of its findings a reviewer accepts
    (``None``: all of them); findings of other rules, and any beyond the
    count, are false positives.
    """

    spec: str
    subtree: str
    true: dict[str, int | None]


def _all(*rules: str) -> dict[str, int | None]:
    return dict.fromkeys(rules)


REAL_APPS: tuple[RealApp, ...] = (
    # flaskr: no CSRF, no login limit, the "dev" fallback key: all true.
    RealApp(
        "flask==3.1.3",
        "examples/tutorial",
        _all(*_HYGIENE, "FB111", "FB300", "FB303", "FB800"),
    ),
    RealApp("flask==3.1.3", "examples/javascript", _all(*_HYGIENE)),
    RealApp("flask==3.1.3", "examples/celery", _all(*_HYGIENE, "FB902")),
    # FB415 (a comment list kept in the session) is not a vulnerability; FB114: the
    # reCAPTCHA private key is a real literal.
    RealApp("flask-wtf==1.3.0", "examples", _all(*_HYGIENE, "FB101", "FB111", "FB114")),
    # FP: FB850 on a TODO dict in an example that has no users at all.
    RealApp(
        "flasgger==0.9.7.1",
        "examples",
        _all(*_HYGIENE, "FB100", "FB101", "FB111", "FB403", "FB800"),
    ),
    # FP: FB451 on widget output, FB452 on url_for/price Markup (1 of each is true); FB114:
    # MAIL_PASSWORD and a reCAPTCHA key are literals.
    RealApp(
        "flask-appbuilder==5.3.0",
        "examples",
        {**_all(*_HYGIENE, "FB100", "FB111", "FB114", "FB900", "FB901"), "FB451": 1, "FB452": 1},
    ),
    # FP: FB452 on mistune(escape=True) and recaptcha widgets, FB451 on field
    # descriptions and the admin-set copyright, FB205 (cookie sessions), FB453 (a CLI
    # writing a config file). FB405 `redirect_or_next` is a real open redirect.
    RealApp("flaskbb==2.0.2", "flaskbb", {**_all(*_HYGIENE, "FB111", "FB902"), "FB405": 1}),
)
"""Clean, real apps from PyPI sdists, audited by ``--real`` (downloaded on demand)."""


def false_positives(app: RealApp, counts: collections.Counter[str]) -> int:
    fp = 0
    for rule_id, n in counts.items():
        if rule_id not in app.true:
            fp += n
        elif app.true[rule_id] is not None:
            fp += max(0, n - (app.true[rule_id] or 0))
    return fp


Key = tuple[str, int, str]
"""(path relative to the app, line, rule id or CWE)."""


@dataclass
class AppResult:
    """Labels and findings of one corpus app, compared."""

    app: str
    labels: dict[str, set[Key]]
    found: set[Key]
    crashes: list[str] = field(default_factory=list)

    @property
    def unlabelled(self) -> set[Key]:
        return self.found - self.labels["expect"] - self.labels["known-fp"]

    @property
    def mismatches(self) -> list[str]:
        """Every label the current auditor contradicts, as readable lines."""
        out = [f"missed (expect): {k}" for k in sorted(self.labels["expect"] - self.found)]
        out += [
            f"now found (known-miss): {k}" for k in sorted(self.labels["known-miss"] & self.found)
        ]
        out += [f"gone (known-fp): {k}" for k in sorted(self.labels["known-fp"] - self.found)]
        out += [f"unlabelled finding: {k}" for k in sorted(self.unlabelled)]
        return out + [f"crash: {c}" for c in self.crashes]


def apps(root: Path = CORPUS) -> list[Path]:
    """Every app folder of a corpus, ``vulnerable/*`` then ``clean/*``."""
    return [
        p
        for side in ("vulnerable", "clean")
        if (root / side).is_dir()
        for p in sorted((root / side).iterdir())
        if p.is_dir()
    ]


def read_labels(app: Path) -> dict[str, set[Key]]:
    labels: dict[str, set[Key]] = {kind: set() for kind in KINDS}
    for path in sorted(p for p in app.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        try:
            text = path.read_text(encoding="utf-8")
        except (UnicodeDecodeError, OSError):
            continue
        rel = path.relative_to(app).as_posix()
        for number, line in enumerate(text.splitlines(), 1):
            for kind, ids in LABEL.findall(line):
                for rid in re.findall(r"FB\d{3}|CWE-\d+", ids):
                    labels[kind].add((rel, number, rid))
    return labels


def audit_app(app: Path) -> AppResult:
    result = run_audit([app], AuditOptions(cache=False, use_pyproject=False, jobs=1))
    found = {
        (
            (Path(result.root) / f.location.path).relative_to(app).as_posix(),
            f.location.line,
            f.rule_id,
        )
        for f in result.findings
        if f.location is not None
    }
    crashes = [
        f"{d.code} {d.path}: {d.message}"
        for d in result.diagnostics
        if d.code in ("FB001", "FB007")
    ]
    return AppResult(f"{app.parent.name}/{app.name}", read_labels(app), found, crashes)


@dataclass
class Counts:
    tp: int = 0
    fn: int = 0
    fp: int = 0
    tn: int = 0

    def row(self) -> tuple[str, str, str]:
        tpr = f"{self.tp / (self.tp + self.fn):.2f}" if self.tp + self.fn else "-"
        fpr = f"{self.fp / (self.fp + self.tn):.2f}" if self.fp + self.tn else "-"
        prec = f"{self.tp / (self.tp + self.fp):.2f}" if self.tp + self.fp else "-"
        return tpr, fpr, prec


def score(results: list[AppResult]) -> dict[str, Counts]:
    """Per class (rule id, or CWE for classes no rule covers)."""
    table: dict[str, Counts] = collections.defaultdict(Counts)
    for r in results:
        for key in r.labels["expect"]:
            if key in r.found:
                table[key[2]].tp += 1
            else:
                table[key[2]].fn += 1
        for key in r.labels["known-miss"] - r.found:
            table[key[2]].fn += 1
        for key in r.labels["known-miss"] & r.found:
            table[key[2]].tp += 1
        for key in r.labels["expect-class"]:
            table[key[2]].fn += 1
        for key in r.found - r.labels["expect"] - r.labels["known-miss"]:
            table[key[2]].fp += 1
        for key in r.labels["ok"] - r.found:
            table[key[2]].tn += 1
    return dict(sorted(table.items()))


def print_table(table: dict[str, Counts], markdown: bool) -> None:
    total = Counts()
    for c in table.values():
        total.tp, total.fn, total.fp, total.tn = (
            total.tp + c.tp,
            total.fn + c.fn,
            total.fp + c.fp,
            total.tn + c.tn,
        )
    rows = [*table.items(), ("all", total)]
    if markdown:
        print("| class | TP | FN | FP | TN | TPR | FPR | precision |")
        print("|---|---|---|---|---|---|---|---|")
        for name, c in rows:
            print(f"| {name} | {c.tp} | {c.fn} | {c.fp} | {c.tn} | {' | '.join(c.row())} |")
        return
    print(f"{'class':9} {'TP':>4} {'FN':>4} {'FP':>4} {'TN':>4} {'TPR':>5} {'FPR':>5} {'prec':>5}")
    for name, c in rows:
        tpr, fpr, prec = c.row()
        print(f"{name:9} {c.tp:4} {c.fn:4} {c.fp:4} {c.tn:4} {tpr:>5} {fpr:>5} {prec:>5}")


def fetch(spec: str, into: Path) -> Path:
    """Download and unpack one sdist (cached in ``into``); returns the tree."""
    dl = into / "dl" / spec
    if not any(dl.glob("*.tar.gz")):
        subprocess.run(
            [
                sys.executable,
                "-m",
                "pip",
                "download",
                "-q",
                "--no-deps",
                "--no-binary",
                ":all:",
                "-d",
                str(dl),
                spec,
            ],
            check=True,
        )
    archive = next(dl.glob("*.tar.gz"))
    tree = into / "src" / spec
    if not tree.exists():
        with tarfile.open(archive) as tar:
            tar.extractall(tree, filter="data")
    return next(p for p in tree.iterdir() if p.is_dir())


def real_apps(cache: Path) -> None:
    print(f"\n{'real app':44} {'files':>5} {'files/s':>8} {'found':>5} {'FP':>4}  findings by rule")
    for app in REAL_APPS:
        root = fetch(app.spec, cache)
        started = time.perf_counter()
        result = run_audit(
            [root / app.subtree], AuditOptions(cache=False, use_pyproject=False, jobs=1)
        )
        elapsed = time.perf_counter() - started
        counts = collections.Counter(f.rule_id for f in result.findings)
        rate = result.files_scanned / elapsed if elapsed else 0.0
        by_rule = " ".join(f"{k}:{v}" for k, v in sorted(counts.items()))
        name = f"{app.spec} {app.subtree}"
        fp = false_positives(app, counts)
        print(
            f"{name:44} {result.files_scanned:5} {rate:8.0f} {len(result.findings):5} {fp:4}  {by_rule}"
        )


def main(argv: list[str]) -> int:
    started = time.perf_counter()
    root = Path(argv[argv.index("--corpus") + 1]) if "--corpus" in argv else CORPUS
    results = [audit_app(app) for app in apps(root)]
    table = score(results)
    print_table(table, "--markdown" in argv)
    bad = [(r.app, m) for r in results for m in r.mismatches]
    if "--markdown" not in argv:
        print(f"({len(results)} apps, {time.perf_counter() - started:.1f}s)")
        for app, m in bad:
            print(f"  label out of date in {app}: {m}")
    if "--real" in argv:
        cache = Path(tempfile.gettempdir()) / "bastion-corpus-real"
        cache.mkdir(exist_ok=True)
        real_apps(cache)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
