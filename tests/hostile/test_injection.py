"""No injection: whatever the source, an engine or a reviewer returns, published pages run nothing in a browser.

Every page is parsed the way a browser parses it (html5lib) and inspected for active content: script-capable
elements (``<script>``, ``<iframe>``, ``<object>``, ``<embed>``, ``<base>``, ``<form>``, ``<meta http-equiv>``…),
event-handler attributes, ``javascript:``/``vbscript:``/``data:`` URLs (however they are cased, spaced or encoded) and
script in CSS. Each translated page's release body may only hold elements, with their attributes, that the source
page's release body holds: no engine or reviewer output adds markup. Escaped markup in a source stays visible text.

Engines: ``pseudo``, ``argos`` with the identity test model, ``bergamot`` (real en -> pt NMT), and the hostile
engines of :mod:`support.hostile` (every payload, three ways).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag

from support.argos_builder import build_copy_package
from support.browser_view import (
    CLEAN_HTML,
    SOURCES,
    active_content,
    body_elements,
    page_text,
)
from support.hostile import MODES, PAYLOADS, HostileEngine
from support.publish_with_engine import write_config
from transpub.config import load_settings
from transpub.engines.base import Engine
from transpub.errors import TranspubError
from transpub.memory.store import TranslationMemory
from transpub.pipeline.publish import PublishResult, prepare, publish_releases
from transpub.text.tagged import escape


def published_pages(result: PublishResult) -> dict[str, dict[str, str]]:
    """slug -> language -> page HTML, for every page the run wrote."""
    pages: dict[str, dict[str, str]] = {}
    for release in result.releases:
        for page in release.pages:
            pages.setdefault(release.slug, {})[page.parent.name] = page.read_text(encoding="utf-8")
    return pages


def assert_inert_and_structure_kept(pages: Mapping[str, Mapping[str, str]], source_lang: str = "en") -> None:
    for slug, by_lang in pages.items():
        source = body_elements(by_lang[source_lang])
        for lang, html in by_lang.items():
            assert active_content(html) == [], f"{lang}/{slug}.html"
            added = body_elements(html) - source
            assert not added, f"{lang}/{slug}.html has markup its source does not: {sorted(added)}"


# ------------------------------------------------------------------------------------------------------ fixtures


@pytest.fixture
def run_dir(tmp_path: Path) -> dict[str, Path]:
    dirs = {"releases": tmp_path / "releases", "out": tmp_path / "out", "memory": tmp_path / "tm.sqlite"}
    dirs["releases"].mkdir()
    return dirs


def publish(
    run_dir: Mapping[str, Path],
    sources: Mapping[str, str],
    *,
    engine: str,
    targets: tuple[str, ...],
    engines: Mapping[str, Engine] | None = None,
) -> PublishResult:
    for name, text in sources.items():
        (run_dir["releases"] / name).write_text(text, encoding="utf-8")
    config = write_config(
        run_dir["releases"].parent / "t.toml",
        out=run_dir["out"],
        memory=run_dir["memory"],
        targets=targets,
        engine=engine,
    )
    return publish_releases([run_dir["releases"]], load_settings(config), engines=engines)


@pytest.fixture(scope="module")
def identity_argos(tmp_path_factory: pytest.TempPathFactory) -> str:
    """Install the identity test model for en -> pt into this session's Argos folder."""
    from transpub.engines.packages import install_package_file

    package = build_copy_package(tmp_path_factory.mktemp("argos"), "en", "pt")
    install_package_file(package)
    return "pt"


# --------------------------------------------------------------------------------------------------------- tests

REAL_ENGINES = {"pseudo": ("pt", "fr", "ar"), "argos": ("pt",), "bergamot": ("pt",)}


@pytest.mark.parametrize("source", list(SOURCES))
@pytest.mark.parametrize("engine", list(REAL_ENGINES))
def test_hostile_source_publishes_inert_pages_through_every_engine(
    engine: str, source: str, run_dir: dict[str, Path], request: pytest.FixtureRequest
) -> None:
    if engine == "argos":
        request.getfixturevalue("identity_argos")
    result = publish(run_dir, {source: SOURCES[source]}, engine=engine, targets=REAL_ENGINES[engine])
    pages = published_pages(result)
    assert [set(by_lang) for by_lang in pages.values()] == [{"en", *REAL_ENGINES[engine]}]
    assert_inert_and_structure_kept(pages)


ESCAPED_SOURCES = {
    "escaped.html": "<h1>Tidewatch &lt;b&gt;live&lt;/b&gt;</h1>\n"
    '<p>Write &lt;script&gt;alert("escaped")&lt;/script&gt; in the form &amp; see.</p>',
    "escaped.md": "---\ntitle: Tidewatch <b>live</b> in Markdown\n---\n\n"  # YAML is plain text
    'Write &lt;script&gt;alert("escaped")&lt;/script&gt; in the form &amp; see.\n',
    "escaped.txt": 'Tidewatch <b>live</b> in text\n\nWrite <script>alert("escaped")</script> in the form & see.\n',
}


@pytest.mark.parametrize("source", list(ESCAPED_SOURCES))
def test_escaped_markup_in_a_source_stays_visible_text(
    source: str, run_dir: dict[str, Path], identity_argos: str
) -> None:
    result = publish(run_dir, {source: ESCAPED_SOURCES[source]}, engine="argos", targets=("pt",))
    pages = published_pages(result)
    (by_lang,) = pages.values()
    for lang in ("en", "pt"):  # the identity model copies text, so both pages must show it verbatim
        assert 'Write <script>alert("escaped")</script> in the form & see.' in page_text(by_lang[lang])
        soup = BeautifulSoup(by_lang[lang], "html5lib")
        assert "Tidewatch <b>live</b>" in soup.h1.get_text()
        assert soup.find("b") is None
    assert_inert_and_structure_kept(pages)


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("payload", list(PAYLOADS))
def test_hostile_engine_output_is_published_as_text(payload: str, mode: str, run_dir: dict[str, Path]) -> None:
    engine = HostileEngine(PAYLOADS[payload], mode)
    result = publish(
        run_dir, {"clean.html": CLEAN_HTML}, engine="argos", targets=("pt", "ar"), engines={"argos": engine}
    )
    pages = published_pages(result)
    assert_inert_and_structure_kept(pages)
    (by_lang,) = pages.values()
    if mode == "wrap":  # placeholders intact: the payload itself must be on the page, as visible text
        assert PAYLOADS[payload] in page_text(by_lang["pt"])


def test_hostile_engine_cannot_revive_markup_in_titles_and_metadata(run_dir: dict[str, Path]) -> None:
    engine = HostileEngine(PAYLOADS["attribute-breakout"] + PAYLOADS["script"], "wrap")
    result = publish(run_dir, {"clean.html": CLEAN_HTML}, engine="argos", targets=("pt",), engines={"argos": engine})
    (by_lang,) = published_pages(result).values()
    soup = BeautifulSoup(by_lang["pt"], "html5lib")
    assert PAYLOADS["script"] in soup.title.get_text()
    description = soup.find("meta", attrs={"name": "description"})
    assert isinstance(description, Tag) and PAYLOADS["attribute-breakout"] in description["content"]
    assert active_content(by_lang["pt"]) == []


HOSTILE_REVIEWS = {
    "escaped-markup": lambda source: f"{escape(PAYLOADS['img-onerror'])} {source}",
    "raw-script": lambda source: f"{PAYLOADS['script']} {source}",
    "unknown-inline-code": lambda source: f'{source}<x id="999"/>',
    "fake-link-code": lambda source: f'<g id="77">{source}</g>',
}


@pytest.mark.parametrize("review", list(HOSTILE_REVIEWS))
def test_hostile_reviewer_wording_never_becomes_markup(review: str, run_dir: dict[str, Path]) -> None:
    (run_dir["releases"] / "clean.html").write_text(CLEAN_HTML, encoding="utf-8")
    config = write_config(
        run_dir["releases"].parent / "t.toml", out=run_dir["out"], memory=run_dir["memory"], targets=("pt",)
    )
    settings = load_settings(config)
    (segmented,) = prepare([run_dir["releases"]], settings)
    with TranslationMemory(run_dir["memory"]) as tm:
        for segment in segmented.segments:
            tm.approve(segment.source, HOSTILE_REVIEWS[review](segment.source), "en", "pt", reviewer="mallory")

    try:
        result = publish_releases([run_dir["releases"]], settings)
    except TranspubError as exc:  # refusing the run is safe too, provided no page was written
        assert not list(run_dir["out"].glob("*/*.html")), f"refused run ({exc}) still wrote pages"
        return
    pages = published_pages(result)
    assert_inert_and_structure_kept(pages)
    if review == "escaped-markup":
        assert PAYLOADS["img-onerror"] in page_text(pages[segmented.release.slug]["pt"])


REVIEWER_PAYLOADS = {
    "raw-script": '<script>alert("reviewer")</script>',
    "raw-javascript-link": '<a href="javascript:alert(1)">report</a>',
    "escaped-markup": "&lt;img src=x onerror=alert(1)&gt;",
    "unknown-code": '<x id="99"/>',
    "fake-paired-code": '<g id="1">',
    "attribute-breakout": '" onmouseover="alert(1)" x="',
}

# Reviewer payloads that are valid tagged text, and how a reader sees them.
SHOWN_AS_TEXT = {
    "escaped-markup": "<img src=x onerror=alert(1)>",
    "attribute-breakout": REVIEWER_PAYLOADS["attribute-breakout"],
}


@pytest.mark.parametrize("payload", list(REVIEWER_PAYLOADS))
def test_review_page_approval_cannot_inject_markup(payload: str, run_dir: dict[str, Path]) -> None:
    """The review desk path: each edit is validated, stored as approved, and its language republished."""
    from transpub.commands.review import pipeline_republisher
    from transpub.errors import ReviewError
    from transpub.review.apply import ReviewDesk

    (run_dir["releases"] / "clean.html").write_text(CLEAN_HTML, encoding="utf-8")
    config = write_config(
        run_dir["releases"].parent / "t.toml", out=run_dir["out"], memory=run_dir["memory"], targets=("pt",)
    )
    settings = load_settings(config)
    (release,) = publish_releases([run_dir["releases"]], settings).releases
    (segmented,) = prepare([run_dir["releases"]], settings)
    accepted = 0
    with TranslationMemory(run_dir["memory"]) as tm:
        desk = ReviewDesk(settings.out, tm, pipeline_republisher(settings))
        for segment in segmented.segments:
            try:
                desk.approve(release.slug, "pt", segment.id, f"{REVIEWER_PAYLOADS[payload]} {segment.source}")
            except ReviewError:
                continue  # refused: the published page keeps its earlier wording
            accepted += 1
    pages = {release.slug: {p.parent.name: p.read_text(encoding="utf-8") for p in release.pages}}
    assert_inert_and_structure_kept(pages)
    if payload in SHOWN_AS_TEXT:  # valid tagged text: approved everywhere, and visible as text
        assert accepted == len(segmented.segments)
        assert SHOWN_AS_TEXT[payload] in page_text(pages[release.slug]["pt"])
