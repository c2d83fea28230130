"""Segmentation of release bodies into sentences with inline codes, and rendering targets back into HTML."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest

from transpub.document import Block, InlineCode, Release
from transpub.errors import ProtectionError
from transpub.formats.loading import load_release, parse_release
from transpub.formats.segment import segment_release

EXAMPLES = Path(__file__).resolve().parents[1].parent / "examples" / "releases"


def release_of(*blocks: str, **fields: object) -> Release:
    return Release(
        title=str(fields.get("title", "Fund news")),
        slug="fund-news",
        blocks=tuple(Block("div", html) for html in blocks),
        summary=fields.get("summary"),  # type: ignore[arg-type]
        meta=fields.get("meta", {}),  # type: ignore[arg-type]
    )


def sources(release: Release) -> dict[str, str]:
    return {s.id: s.source for s in segment_release(release).segments}


def body_sources(html: str) -> list[str]:
    return [s.source for s in segment_release(release_of(html)).segments if s.context == "body"]


# --- what becomes a segment ---------------------------------------------------------------------------------------

BLOCK_TEXT = [
    ("<p>One. Two.</p>", ["One.", "Two."]),
    ("<h2>Heading</h2>", ["Heading"]),
    ("<ul><li>First item.</li>\n<li>Second item.</li></ul>", ["First item.", "Second item."]),
    ("<table><tr><th>Year</th><td>Coastal cities</td></tr></table>", ["Year", "Coastal cities"]),
    ("<dl><dt>Term</dt><dd>Meaning here.</dd></dl>", ["Term", "Meaning here."]),
    ("<figure><img src=a.png><figcaption>A caption.</figcaption></figure>", ["A caption."]),
    (
        "<blockquote>Quoted text. <p>Inner para.</p> Tail text.</blockquote>",
        ["Quoted text.", "Inner para.", "Tail text."],
    ),
    ("<div>Div text <p>para</p> more div text</div>", ["Div text", "para", "more div text"]),
    ("<p>Item <b>two. Three</b> four.</p>", ['Item <g id="1">two. Three</g> four.']),
    ("<p><strong>Bold lead. Second.</strong></p>", ["Bold lead.", "Second."]),
    ("<p><a href='/x'>Whole link</a></p>", ["Whole link"]),
    ("<p><br>Line one<br>line two.<br></p>", ['Line one<x id="1"/>line two.']),
    ("<p><!-- note --> Commented. <!-- end --></p>", ["Commented."]),
    ("<p><a id='top'></a>Anchor first.</p>", ["Anchor first."]),
    ("<p> — * — </p><p>2026</p>", ["2026"]),
]


@pytest.mark.parametrize(("html", "expected"), BLOCK_TEXT)
def test_block_level_text_becomes_sentences(html: str, expected: list[str]) -> None:
    assert body_sources(html) == expected


NEVER_SEGMENTED = [
    "<pre>Keep this. Exactly   so.</pre>",
    "<script>var s = 'Hello. World.';</script>",
    "<style>p::after { content: 'Hello. World.'; }</style>",
    "<!-- Hello. World. -->",
    "<p translate='no'>Hello. World.</p>",
    "<div class='intro notranslate'><p>Hello. <b>World.</b></p></div>",
    "<p><code>Hello. World.</code></p>",
]


@pytest.mark.parametrize("html", NEVER_SEGMENTED)
def test_untranslatable_content_is_never_segmented(html: str) -> None:
    segmented = segment_release(release_of(html))
    assert [s.id for s in segmented.segments] == ["title"]
    assert segmented.render({"title": "Notícias"}).body_html == html


def test_untranslatable_inline_content_is_a_sealed_standalone_code() -> None:
    html = '<p>Run <code>x &lt; y</code> or use <span translate="no">Tidewatch <b>Pro</b></span> daily.</p>'
    (segment,) = segment_release(release_of(html)).segments[1:]
    assert segment.source == 'Run <x id="1"/> or use <x id="2"/> daily.'
    assert segment.codes == (
        InlineCode("1", "<code>x &lt; y</code>"),
        InlineCode("2", '<span translate="no">Tidewatch <b>Pro</b></span>'),
    )
    rendered = segment_release(release_of(html)).render({"b1.s1": 'Use <x id="2"/> ou <x id="1"/>.'})
    assert rendered.body_html == (
        '<p>Use <span translate="no">Tidewatch <b>Pro</b></span> ou <code>x &lt; y</code>.</p>'
    )


def test_inline_codes_keep_the_exact_original_markup() -> None:
    html = "<p>See <A HREF='/r?a=1&amp;b=2' class=k data-x=\"1\">the <em >report</em ></A>.</p>"
    (segment,) = segment_release(release_of(html)).segments[1:]
    assert segment.source == 'See <g id="1">the <g id="2">report</g></g>.'
    assert segment.codes == (
        InlineCode("1", "<A HREF='/r?a=1&amp;b=2' class=k data-x=\"1\">", "</A>"),
        InlineCode("2", "<em >", "</em >"),
    )


def test_attributes_title_summary_and_meta_are_segments() -> None:
    release = release_of(
        '<p title="Lead">Read <a href="/r" title="The report">it</a>. <img src=a.png alt="Boats"></p>',
        '<figure><img src="b.png" alt="Delegates" title="Cape Town"><img src="c.png" alt="Second"></figure>',
        summary="A summary.",
        meta={"description": "Desc.", "og:title": "OG title", "og:description": "OG desc.", "keywords": "a, b"},
    )
    segments = segment_release(release).segments
    assert [(s.id, s.context, s.source) for s in segments] == [
        ("title", "title", "Fund news"),
        ("summary", "summary", "A summary."),
        ("b1.p-title", "attr:title", "Lead"),
        ("b1.s1", "body", 'Read <g id="1">it</g>.'),
        ("b1.s1.a-title", "attr:title", "The report"),
        ("b1.img-alt", "attr:alt", "Boats"),
        ("b2.img-alt", "attr:alt", "Delegates"),
        ("b2.img-title", "attr:title", "Cape Town"),
        ("b2.img2-alt", "attr:alt", "Second"),
        ("meta.description", "meta:description", "Desc."),
        ("meta.og-title", "meta:og:title", "OG title"),
        ("meta.og-description", "meta:og:description", "OG desc."),
    ]


# --- rendering ----------------------------------------------------------------------------------------------------


def test_whitespace_between_and_around_sentences_stays_in_the_template() -> None:
    release = release_of("<p>\n  One.   Two.\t</p>")
    assert sources(release) == {"title": "Fund news", "b1.s1": "One.", "b1.s2": "Two."}
    rendered = segment_release(release).render({"b1.s1": "Um.", "b1.s2": "Dois."})
    assert rendered.body_html == "<p>\n  Um.   Dois.\t</p>"


def test_translated_attributes_are_escaped_and_the_rest_of_the_tag_kept() -> None:
    html = "<p>Read <a href='/r?a=1&amp;b=2' title='Old'>it</a>. <img alt src=x.png title=Boat></p>"
    segmented = segment_release(release_of(html))
    rendered = segmented.render({"b1.s1.a-title": 'Say "hi" &amp; &lt;go&gt;', "b1.img-title": "Barco"})
    assert rendered.body_html == (
        "<p>Read <a href='/r?a=1&amp;b=2' title=\"Say &quot;hi&quot; &amp; &lt;go&gt;\">it</a>. "
        '<img alt src=x.png title="Barco"></p>'
    )


def test_escaped_markup_in_the_source_stays_escaped() -> None:
    release = parse_release(b"<h1>T</h1><p>Type &lt;script&gt;alert(1)&lt;/script&gt; here.</p>", path=Path("a.html"))
    segmented = segment_release(release)
    assert segmented.segments[1].source == "Type &lt;script&gt;alert(1)&lt;/script&gt; here."
    rendered = segmented.render({"b1.s1": "Digite &lt;script&gt;alert(1)&lt;/script&gt; aqui."})
    assert rendered.body_html == "<p>Digite &lt;script&gt;alert(1)&lt;/script&gt; aqui.</p>"
    assert "<script>" not in segmented.render({s.id: s.source for s in segmented.segments}).body_html


@pytest.mark.parametrize(
    ("target", "error"),
    [
        ("<script>alert(1)</script>", "unescaped markup"),
        ('Um <g id="9">dois</g>.', "unknown inline code"),
        ('Um <g id="1">dois.', "never closed"),
    ],
)
def test_targets_cannot_bring_markup_the_source_did_not_have(target: str, error: str) -> None:
    segmented = segment_release(release_of('<p>One <a href="/x">two</a>.</p>'))
    with pytest.raises(ProtectionError, match=error):
        segmented.render({"b1.s1": target})


def test_codes_are_refused_where_only_text_can_go() -> None:
    segmented = segment_release(release_of('<p><img alt="Boats" src="a.png"> Text.</p>'))
    for seg_id in ("title", "b1.img-alt"):
        with pytest.raises(ProtectionError, match="inline codes are not allowed"):
            segmented.render({seg_id: 'Barcos <x id="1"/>'})


def test_title_summary_and_meta_render_as_plain_text() -> None:
    release = release_of("<p>Body.</p>", summary="Fish &amp; chips", meta={"description": "D", "keywords": "k"})
    rendered = segment_release(release).render(
        {"title": "Peixe &amp; &lt;batatas&gt;", "summary": "Resumo", "meta.description": "Descrição"}
    )
    assert rendered.title == "Peixe & <batatas>"
    assert rendered.summary == "Resumo"
    assert dict(rendered.meta) == {"description": "Descrição", "keywords": "k"}


def test_missing_and_unknown_ids_render_the_source() -> None:
    release = release_of("<p>One. Two.</p>")
    rendered = segment_release(release).render({"b1.s2": "Dois.", "b9.s9": "ignored"})
    assert rendered.body_html == "<p>One. Dois.</p>"
    assert rendered.title == "Fund news"


def test_rendering_leaves_the_release_and_segments_untouched() -> None:
    release = load_release(EXAMPLES / "port-elizabeth-declaration.html")
    segmented = segment_release(release)
    before = (release.body_html, segmented.segments)
    first = segmented.render({s.id: "X" for s in segmented.segments if not s.codes})
    second = segmented.render({s.id: "X" for s in segmented.segments if not s.codes})
    assert first == second
    assert (release.body_html, segmented.segments) == before
    assert segment_release(release).segments == segmented.segments  # ids and sources are stable


# --- real releases ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(p.name for p in EXAMPLES.iterdir()))
def test_examples_round_trip_byte_identical(name: str) -> None:
    release = load_release(EXAMPLES / name)
    segmented = segment_release(release)
    rendered = segmented.render({s.id: s.source for s in segmented.segments})
    assert rendered.body_html == release.body_html
    assert (rendered.title, rendered.summary, dict(rendered.meta)) == (
        release.title,
        release.summary,
        dict(release.meta),
    )
    ids = [s.id for s in segmented.segments]
    assert len(ids) == len(set(ids))
    assert all(all(c.isalnum() or c in ".-" for c in seg_id) for seg_id in ids)


def test_html_example_keeps_untranslatable_parts_byte_identical() -> None:
    release = load_release(EXAMPLES / "port-elizabeth-declaration.html")
    segmented = segment_release(release)
    ids = {s.id for s in segmented.segments}
    assert {"b4.img-alt", "b7.s1.a-title", "meta.description", "meta.og-title", "meta.og-description"} <= ids
    rendered = segmented.render({s.id: "Traduzido." for s in segmented.segments if not s.codes})
    for kept in (
        "<!-- Approved by the Office of the Director-General; do not edit without clearance. -->",
        '<span translate="no">Port Elizabeth Declaration</span>',
        "<code>/v2/declaration/pledges</code>",
    ):
        assert kept in rendered.body_html
    assert 'alt="Traduzido."' in rendered.body_html


def test_seed_release_sentences(seed_release: Path) -> None:
    segmented = segment_release(load_release(seed_release))
    by_id = {s.id: s.source for s in segmented.segments}
    assert by_id["b3.s1"].startswith('"IOM is very pleased')
    assert by_id["b3.s1"].endswith("to their regions of origin.")
    assert by_id["b3.s2"] == 'I look forward to strengthening this cooperation," said Mr Vitorino.'
    assert "b3.s3" not in by_id
    assert by_id["b6.s1"].endswith("whole of society approach on migration topics.”")
    assert by_id["b7.s2"].startswith("“Ten training sessions") and by_id["b7.s2"].endswith("” he said.")
    assert by_id["b10.s1"] == "Media Coverage"
    assert (by_id["b12.s1"], by_id["b13.s1"]) == (
        "SDG 16 - Peace Justice and Strong Institutions",
        "SDG 17 - Partnerships for the Goals",
    )
    assert sum(1 for seg_id in by_id if seg_id.startswith("b")) == 15


def _text(html: str) -> str:
    parser = _TextOnly()
    parser.feed(html)
    parser.close()
    return "".join(parser.parts)


class _TextOnly(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


MALFORMED = [
    "<p>Bold <b>text. More</p>",
    "<p>a</b>c<!-- x",
    "</div><p class='a>b</p>",
    "<<p>>&&amp;</>x",
    "<p><span>One. <i>Two</span> three.</p>",
    "<![CDATA[x]]><?php echo 1 ?><p>Hi.</p>",
    "<p>x<br></br>y</p><img alt='Open",
]


@pytest.mark.parametrize("html", MALFORMED)
def test_malformed_blocks_are_segmented_leniently_and_keep_their_text(html: str) -> None:
    segmented = segment_release(release_of(html))
    rendered = segmented.render({s.id: s.source for s in segmented.segments})
    assert _text(rendered.body_html) == _text(html)
