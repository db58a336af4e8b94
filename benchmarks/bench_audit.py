"""Throughput of ``bastion audit`` against Bandit on the same tree, in one run.

The tree: the installed sources of Flask, Werkzeug, Jinja2, Click and
itsdangerous copied to a temporary folder (real, varied library code), plus
generated Flask apps (routes, config, templates). Both tools run as
subprocesses, so start-up is counted for both. Reported: files/s and lines/s
for Bandit, for ``bastion audit`` with a cold cache and with the cache warm,
and the ratios. Goal: bastion cold >= 2x Bandit.

    python benchmarks/bench_audit.py            # the full tree
    python benchmarks/bench_audit.py --apps 5 --no-libraries   # a quick one
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import shutil
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

TAINT_FAMILIES = ("FB40", "FB41", "FB42", "FB43", "FB44", "FB55", "FB85")
LIBRARIES = ("flask", "werkzeug", "jinja2", "click", "itsdangerous")

APP = textwrap.dedent(
    """\
    import os

    from flask import Blueprint, Flask, jsonify, render_template, request, session

    bp = Blueprint("items{n}", __name__, url_prefix="/items{n}")


    def create_app():
        app = Flask(__name__)
        app.config["SECRET_KEY"] = os.environ.get("SECRET_KEY", "dev")
        app.register_blueprint(bp)
        return app


    @bp.route("/", methods=["GET", "POST"])
    def index():
        if request.method == "POST":
            session["user_id"] = request.form["user"]
        return render_template("items{n}/index.html", items=[])


    @bp.get("/<int:item_id>")
    def show(item_id):
        query = f"SELECT * FROM items WHERE id = {{request.args['id']}}"
        return jsonify(query=query, id=item_id)
    """
)
TEMPLATE = '<form method="post"><input name="user"></form>{{ items|safe }}\n'


def build_tree(root: Path, apps: int, libraries: bool) -> None:
    if libraries:
        for name in LIBRARIES:
            spec = importlib.util.find_spec(name)
            if spec is None or spec.origin is None:
                continue
            shutil.copytree(Path(spec.origin).parent, root / "libs" / name,
                            ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))  # fmt: skip
    for n in range(apps):
        pkg = root / "apps" / f"app{n}"
        (pkg / "templates" / f"items{n}").mkdir(parents=True)
        (pkg / "__init__.py").write_text(APP.format(n=n))
        (pkg / "templates" / f"items{n}" / "index.html").write_text(TEMPLATE)


def count(root: Path) -> tuple[int, int]:
    files = list(root.rglob("*.py"))
    return len(files), sum(p.read_bytes().count(b"\n") for p in files)


def compile_bastion() -> None:
    """Byte-compile flask_bastion first, as installing a wheel does.

    Bandit runs from the bytecode pip wrote when it installed it; an editable
    checkout of flask_bastion has none, and with PYTHONDONTWRITEBYTECODE set
    (as on the shared VM) every run would recompile its ~60 modules (0.1 s).
    """
    import compileall

    spec = importlib.util.find_spec("flask_bastion")
    if spec is not None and spec.origin is not None:
        compileall.compile_dir(Path(spec.origin).parent, quiet=1)


def timed(argv: list[str]) -> float:
    started = time.perf_counter()
    proc = subprocess.run(argv, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - started
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{argv[0]} failed ({proc.returncode}): {proc.stderr[-2000:]}")
    return elapsed


def run(apps: int, libraries: bool) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "tree"
        build_tree(root, apps, libraries)
        files, lines = count(root)
        cache = Path(tmp) / "cache"
        bin_dir = Path(sys.executable).parent
        bastion = [str(bin_dir / "bastion"), "audit", str(root), "--format", "json",
                   "--cache-dir", str(cache), "--output", str(Path(tmp) / "b.json")]  # fmt: skip
        bandit = [str(bin_dir / "bandit"), "-r", "-q", "-f", "json", "-o",
                  str(Path(tmp) / "bandit.json"), str(root)]  # fmt: skip
        compile_bastion()
        t_bandit = timed(bandit)
        t_cold = timed(bastion)
        t_warm = timed(bastion)
        # the same cold run without the data-flow (taint) rule families, to show their share
        no_taint = [*bastion, "--no-cache", "--ignore", ",".join(TAINT_FAMILIES)]
        t_no_taint = timed(no_taint)
        findings = len(json.loads((Path(tmp) / "b.json").read_text())["findings"])
    out = {
        "files": files,
        "lines": lines,
        "bandit_s": t_bandit,
        "bastion_cold_s": t_cold,
        "bastion_warm_s": t_warm,
        "bastion_no_taint_s": t_no_taint,
        "bastion_findings": findings,
        "ratio_cold": t_bandit / t_cold,
        "ratio_warm": t_bandit / t_warm,
        "ratio_no_taint": t_bandit / t_no_taint,
    }
    return out


def main(argv: list[str] | None = None) -> dict[str, float]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--apps", type=int, default=200, help="generated Flask apps")
    parser.add_argument("--no-libraries", action="store_true", help="skip the copied libraries")
    args = parser.parse_args(argv)
    r = run(args.apps, not args.no_libraries)
    print(f"tree: {r['files']:.0f} Python files, {r['lines']:.0f} lines")
    for label, key in (("bandit", "bandit_s"), ("bastion cold", "bastion_cold_s"),
                       ("bastion warm", "bastion_warm_s"),
                       ("no taint", "bastion_no_taint_s")):  # fmt: skip
        secs = r[key]
        print(
            f"{label:13} {secs:7.2f} s  {r['files'] / secs:8.0f} files/s  {r['lines'] / secs:9.0f} lines/s"
        )
    print(
        f"ratio vs bandit: cold {r['ratio_cold']:.2f}x, warm {r['ratio_warm']:.2f}x"
        f" (goal >= 2x); cold without taint rules {r['ratio_no_taint']:.2f}x"
    )
    return r


if __name__ == "__main__":
    main()
