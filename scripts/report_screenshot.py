"""Screenshot the HTML audit report of examples/vulnerable for the READMEs.

Usage: .venv/bin/python scripts/report_screenshot.py [--out docs/screenshots/audit-report.png]

Audits the insecure example, renders the self-contained HTML report and
takes a screenshot of its top in headless Chromium (the one the browser
tests use). Also writes the page next to the image so it can be opened.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from playwright.sync_api import sync_playwright

from flask_bastion.audit.engine import AuditOptions, run_audit
from flask_bastion.audit.report import render

PROJECT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--out", type=Path, default=PROJECT / "docs" / "screenshots" / "audit-report.png"
    )
    parser.add_argument("--height", type=int, default=1500)
    args = parser.parse_args()
    result = run_audit([PROJECT / "examples" / "vulnerable"], AuditOptions(cache=False))
    result.root = "examples/vulnerable"  # not this machine's absolute path
    page_path = args.out.with_suffix(".html")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    page_path.write_text(render(result, "html"), encoding="utf-8")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1280, "height": args.height})
        page.goto(page_path.as_uri())
        page.screenshot(path=str(args.out))
        browser.close()
    print(f"wrote {args.out} and {page_path}")


if __name__ == "__main__":
    main()
