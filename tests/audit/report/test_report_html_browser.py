"""The HTML report in a real browser: the pure-CSS filters work and nothing is fetched."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright
from report_sample import SAMPLE_RULES, sample_result

from flask_bastion.audit.report import render

CHROMIUM = Path("/usr/bin/chromium")

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    assert CHROMIUM.exists(), f"Chromium is expected at {CHROMIUM} (scripts/setup.sh installs it)"
    with sync_playwright() as p:
        launched = p.chromium.launch(
            executable_path=str(CHROMIUM), args=["--no-sandbox", "--disable-gpu"]
        )
        yield launched
        launched.close()


@pytest.fixture
def report(tmp_path: Path, frozen_catalogue: object) -> Path:
    path = tmp_path / "report.html"
    path.write_text(render(sample_result(), "html", rules=SAMPLE_RULES), encoding="utf-8")
    return path


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context()
    yield context.new_page()
    context.close()


def _visible(page: Page) -> list[str]:
    return page.eval_on_selector_all(
        ".finding",
        "els => els.filter(e => e.offsetParent !== null)"
        ".map(e => e.dataset.entry + ':' + e.dataset.severity)",
    )


def test_filters_hide_findings_by_severity_and_entry(page: Page, report: Path) -> None:
    page.goto(report.as_uri())
    assert _visible(page) == [
        "M03:medium",
        "M05:critical",
        "M05:high",
        "M06:high",
        "M09:medium",
        "M14:critical",
        "other:low",
    ]
    page.uncheck("#show-critical")
    assert _visible(page) == ["M03:medium", "M05:high", "M06:high", "M09:medium", "other:low"]
    page.select_option("#entry-filter", "M06")
    assert _visible(page) == ["M06:high"]
    page.select_option("#entry-filter", "M14")
    assert _visible(page) == []
    page.check("#show-critical")
    assert _visible(page) == ["M14:critical"]


def test_the_page_fetches_nothing_but_itself(page: Page, report: Path) -> None:
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(report.as_uri())
    page.wait_for_load_state("load")
    assert requests == [report.as_uri()]
