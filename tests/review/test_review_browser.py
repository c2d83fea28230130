"""The review page end to end in a real headless Chromium (Debian's ``/usr/bin/chromium``, driven by Playwright).

A translator opens the page, moves to the flagged segment with the keyboard, edits it, approves with Ctrl+Enter,
and the published page changes. A screenshot of the review page is saved to ``test-artifacts/review-page.png``.
Playwright never downloads a browser here: ``.ci/run`` installs Debian's chromium package.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from support.browser import ARTIFACTS, chromium, serve
from support.review_site import SLUG, Site, build_site
from transpub.document import Origin
from transpub.review.app import create_app

pytestmark = pytest.mark.slow


@pytest.fixture
def site(tmp_path: Path) -> Site:
    return build_site(tmp_path)


@pytest.fixture
def server_url(site: Site) -> Iterator[str]:
    """The review app served by uvicorn on a free loopback port, in a background thread."""
    with site.memory() as memory, serve(create_app(site.desk(memory), reviewer="Beatriz Souza")) as url:
        yield url


@pytest.fixture
def browser() -> Iterator[Browser]:
    with chromium() as launched:
        yield launched


def test_a_translator_edits_and_approves_a_flagged_segment(site: Site, server_url: str, browser: Browser) -> None:
    seg_id = site.flagged_id()
    before = site.page()
    edited = (
        "Os Estados-Membros financiarão um sistema de alerta precoce, com dados abertos no "
        '<g id="1">Tidewatch</g> para todos.'
    )

    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(server_url + "/")
    page.click(f'a[href="/review/{SLUG}/pt"]')
    page.wait_for_url(f"{server_url}/review/{SLUG}/pt")
    segment = page.locator(f'article.seg[data-segment="{seg_id}"]')
    assert segment.is_visible()
    assert "inline-code-lost" in segment.inner_text()

    ARTIFACTS.mkdir(exist_ok=True)
    screenshot = ARTIFACTS / "review-page.png"
    page.screenshot(path=str(screenshot), full_page=True)
    assert screenshot.stat().st_size > 0

    # Keyboard only: j moves to the (first) segment, e opens its editor, Ctrl+Enter approves.
    page.keyboard.press("j")
    assert page.evaluate("document.activeElement.dataset.segment") == seg_id
    page.keyboard.press("e")
    assert page.evaluate("document.activeElement.tagName") == "TEXTAREA"
    page.keyboard.press("Control+A")
    page.keyboard.insert_text(edited)
    with page.expect_navigation():
        page.keyboard.press("Control+Enter")

    assert "msg=Approved" in page.url
    assert "No open flags in this language." in page.inner_text("main")
    published = site.page()
    assert published != before
    assert '<a href="https://tidewatch.example.org/data">Tidewatch</a> para todos.' in published
    assert site.report().language("pt").segment(seg_id).origin is Origin.APPROVED


def test_a_refused_edit_keeps_the_text_and_says_why(site: Site, server_url: str, browser: Browser) -> None:
    seg_id = site.flagged_id()
    before = site.page()
    page = browser.new_page()
    page.goto(f"{server_url}/review/{SLUG}/pt")
    textarea = page.locator(f'article.seg[data-segment="{seg_id}"] textarea')
    textarea.fill("Dados no Tidewatch, sem o link.")
    with page.expect_navigation():
        page.locator(f'article.seg[data-segment="{seg_id}"] button.approve-button').click()
    assert "inline codes differ from the source (missing: g1)" in page.inner_text(
        f'article.seg[data-segment="{seg_id}"]'
    )
    assert (
        page.locator(f'article.seg[data-segment="{seg_id}"] textarea').input_value()
        == "Dados no Tidewatch, sem o link."
    )
    assert site.page() == before
