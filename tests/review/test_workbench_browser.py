"""The translator's workbench in a real headless Chromium (Debian's ``/usr/bin/chromium``), keyboard only.

A translator moves to a segment, takes the approved fuzzy match with one key, rewrites it so that a mandated term
is lost, sees the critical flag appear while typing, is asked before approving, approves anyway, and lands on the
next segment to review; the page then counts the flag as open, as the report does. Screenshots of the workbench
are saved to ``test-artifacts/`` (``workbench.png`` while editing, ``workbench-confirm.png`` when asked,
``workbench-after.png`` after the approval).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import Browser

from support.browser import ARTIFACTS, chromium, serve
from support.workbench_site import SEEDED_TARGET, SLUG, WorkbenchSite, build_workbench_site
from transpub.document import Origin, Severity
from transpub.publish.report import report_path
from transpub.publish.report_io import load_report
from transpub.review.app import create_app
from transpub.review.workbench import LiveChecker

DROPPED = "Os Estados-Membros vão financiar um sistema de aviso para as comunidades costeiras."

pytestmark = pytest.mark.slow


@pytest.fixture
def site(tmp_path: Path) -> WorkbenchSite:
    return build_workbench_site(tmp_path)


@pytest.fixture
def server_url(site: WorkbenchSite) -> Iterator[str]:
    with site.memory() as memory:
        checker = LiveChecker.from_settings(site.settings)
        with serve(create_app(site.desk(memory), reviewer="Beatriz Souza", memory=memory, checker=checker)) as url:
            yield url


@pytest.fixture
def browser() -> Iterator[Browser]:
    with chromium() as launched:
        yield launched


def _active(page: object) -> str:
    return str(page.evaluate("(document.activeElement.closest('article.seg') || {dataset: {}}).dataset.segment"))  # type: ignore[attr-defined]


def test_a_translator_works_through_a_segment_with_the_keyboard_only(
    site: WorkbenchSite, server_url: str, browser: Browser
) -> None:
    page = browser.new_page(viewport={"width": 1440, "height": 1000})
    page.goto(f"{server_url}/review/{SLUG}/pt?filter=all")
    assert _active(page) == "title"  # the first segment has the focus

    page.keyboard.press("j")
    assert _active(page) == "b1.s1"
    page.keyboard.press("1")  # take the best memory match
    assert page.evaluate("document.activeElement.tagName") == "TEXTAREA"
    assert page.evaluate("document.activeElement.value") == SEEDED_TARGET

    page.keyboard.press("Control+A")
    page.keyboard.insert_text(DROPPED)
    live = page.locator('article.seg[data-segment="b1.s1"] ul.live-flags')
    live.locator("li.flag.critical", has_text="glossary-mandated-missing").wait_for(timeout=10_000)
    counter = page.locator('article.seg[data-segment="b1.s1"] .counter .len').inner_text()
    assert counter == str(len(DROPPED))

    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "workbench.png"), full_page=True)

    with page.expect_navigation():
        page.keyboard.press("Control+Enter")
    assert "Approve anyway" in page.inner_text('article.seg[data-segment="b1.s1"]')
    assert page.evaluate("document.activeElement.textContent") == "Approve anyway"
    page.screenshot(path=str(ARTIFACTS / "workbench-confirm.png"))
    assert load_report(report_path(site.settings.out, SLUG)).language("pt").segment("b1.s1").origin is Origin.MT

    with page.expect_navigation():
        page.keyboard.press("Enter")
    focus = parse_qs(urlsplit(page.url).query).get("focus", [""])[0]
    report = load_report(report_path(site.settings.out, SLUG))
    seg = report.language("pt").segment("b1.s1")
    assert seg.origin is Origin.APPROVED
    assert any(f.severity is Severity.CRITICAL and f.code == "glossary-mandated-missing" for f in seg.flags)
    assert focus == "b3.s1" and _active(page) == "b3.s1"  # focus moved on to the next segment to review
    open_flags = page.locator(".open-count").inner_text()
    # the flags still to review: those of unapproved segments, and b1.s1's, approved over a critical flag
    expected = sum(
        len(s.flags) for s in report.language("pt").segments if s.flags and (s.origin is not Origin.APPROVED)
    )
    assert open_flags == f"{expected + len(seg.flags)} open flag(s)"
    assert page.locator('article.seg[data-segment="b1.s1"] .badge.critical').is_visible()
    page.screenshot(path=str(ARTIFACTS / "workbench-after.png"), full_page=True)
