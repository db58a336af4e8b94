"""Write docs/rules/*.md and docs/catalogue.md from the registered rules and catalog.toml.

Usage: .venv/bin/python scripts/gen_rule_docs.py [--root DIR]

Run it after adding or changing a rule (its docstring, metadata or fix) or
the catalogue; a test regenerates into a temporary directory and fails when
the committed docs differ. Stale rule pages (a renamed rule) are removed.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from flask_bastion.audit.registry import load_rules
from flask_bastion.audit.report.rule_docs import pages

PROJECT = Path(__file__).resolve().parents[1]


def generate(root: Path) -> list[str]:
    """Write every page under *root*; return the relative paths written."""
    written = pages(load_rules())
    rules_dir = root / "docs" / "rules"
    rules_dir.mkdir(parents=True, exist_ok=True)
    for stale in rules_dir.glob("FB*.md"):
        if stale.relative_to(root).as_posix() not in written:
            stale.unlink()
    for relative, text in written.items():
        target = root / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8", newline="\n")
    return sorted(written)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=PROJECT, help="project root to write under")
    args = parser.parse_args()
    written = generate(args.root)
    print(f"wrote {len(written)} pages under {args.root / 'docs'}")


if __name__ == "__main__":
    main()
