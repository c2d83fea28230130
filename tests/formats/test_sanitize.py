"""Sanitising release HTML: clean releases come through byte for byte, active content never does.

Inertness is judged the way ``tests/hostile/test_injection.py`` judges a published page (a browser-like html5lib
parse, then :func:`support.browser_view.active_content`), so the two tests agree on what "runs in a browser" means.
"""

from __future__ import annotations

from pathlib import Path

import markdown
import pytest
from bs4 import BeautifulSoup, Comment, Tag
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from support.browser_view import HOSTILE_HTML, HOSTILE_MD, active_content
from support.hostile import PAYLOADS
from transpub.formats.markdown import split_front_matter
from transpub.formats.sanitize import (
    DROPPED_ELEMENTS,
    ELEMENT_ATTRIBUTES,
    LINK_SCHEMES,
    WEB_SCHEMES,
    Action,
    Removal,
    safe_comment,
    safe_style,
    safe_url,
    sanitize_html,
    sanitize_tree,
)

EXAMPLES = Path(__file__).resolve().parents[1].parent / "examples" / "releases"


def parse(html: str) -> BeautifulSoup:
    """Parse as the HTML loader does."""
    return BeautifulSoup(html, "html.parser", multi_valued_attributes=None, on_duplicate_attribute="ignore")


def round_trip(html: str) -> str:
    """What Beautiful Soup writes back for ``html`` without any sanitising."""
    return parse(html).decode(formatter="minimal")


def visible_text(html: str) -> str:
    return " ".join(BeautifulSoup(html, "html5lib").get_text().split())


# --- clean releases are untouched ----------------------------------------------------------------------------------

CLEAN = {
    "english-release": """<article lang="en">
<p class="dateline">CAPE TOWN, 9 June 2026</p>
<!-- Approved by the Office of the Director-General; do not edit without clearance. -->
<p>Forty <strong>Member States</strong> renewed the <span translate="no">Port Elizabeth Declaration</span>,
their joint commitment to <em>climate resilience</em> for <a href="/news/coastal-communities#top"
title="More on coastal communities">coastal communities</a>.<br>Contact: <a href="mailto:press@gcrf.example.org">press
office</a>, <a href="tel:+27-21-555-0100">+27 21 555 0100</a>.</p>
<figure><img src="/media/signing.jpg" alt="Delegates sign the declaration" width="640" height="360">
<figcaption>Photo: GCRF/L. Mbeki.</figcaption></figure>
<p>Query <code>/v2/declaration/pledges?country=ZA&amp;year=2026</code> on <a class="notranslate"
href="https://tidewatch.example.org">Tidewatch</a>.</p>
<pre>curl -s "https://tidewatch.example.org/v2?x=1&amp;y=2"  # &lt;kept&gt;
    indented   as is</pre>
<blockquote cite="https://gcrf.example.org/speeches/okafor"><p>"Today the Member States answered them," said
Amara Okafor.</p></blockquote>
<table><thead><tr><th scope="col" abbr="Ctry">Country</th><th scope="col">Pledge</th></tr></thead>
<tbody><tr><td style="text-align: right">South Africa</td><td colspan="2" rowspan="1">USD 4 m</td></tr></tbody></table>
<ol start="3" reversed><li value="3">An <abbr title="early warning system">EWS</abbr> by 2030.</li></ol>
<p>Published <time datetime="2026-06-09T08:00:00+02:00">9 June</time>; <del datetime="2026-06-10">draft</del>
<ins cite="/corrections/1">final</ins> <sup>1</sup> <sub>2</sub> <small>note</small> <mark>key</mark>.</p>
</article>""",
    "portuguese-release": """<div lang="pt-BR" class="release">
<h2>Estados-Membros renovam a Declaração de Port Elizabeth</h2>
<p>O <span class="notranslate">GCRF</span> apoia as <strong>pessoas deslocadas internamente</strong> e a
<em>resiliência climática</em> das comunidades costeiras — «um sistema de alerta precoce» em cada país.</p>
<ul><li>Ação já&nbsp;em 2026.</li><li>Relatório: <a href="../relatorios/2026.pdf" hreflang="pt">PDF</a></li></ul>
</div>""",
    "arabic-release": """<section dir="rtl" lang="ar" aria-label="بيان صحفي" role="region">
<p>جددت <bdi>الدول الأعضاء</bdi> التزامها <q cite="https://gcrf.example.org/ar">بالقدرة على الصمود في وجه المناخ</q>
من أجل المجتمعات الساحلية.</p>
<p><bdo dir="ltr">GCRF-2026</bdo> <img src="https://cdn.example.org/map.webp"
srcset="map-2x.webp 2x, https://cdn.example.org/map-3x.webp 3x" alt="خريطة"></p>
</section>""",
    "fragment-with-head": """<title>GCRF opens Tidewatch</title>
<meta name="description" content="Tidewatch goes live for coastal communities.">
<h1>GCRF opens Tidewatch</h1><p>Amara Okafor launched it.</p>""",
    "french-and-spanish": """<p lang="fr">La <span translate="no">Coastal Horizons Initiative</span> finance un
<i>système d'alerte précoce</i> pour les communautés côtières.</p>
<p lang="es">Los Estados Miembros apoyan a las <u>personas desplazadas internas</u>.</p>
<details open><summary>Datos</summary><p>Ver <a href="#anexo">anexo</a>.</p></details>""",
    "chinese-and-inline-image": """<p lang="zh">全球沿海复原基金 <ruby>潮<rp>(</rp><rt>cháo</rt><rp>)</rp></ruby>
<img alt="·"
src="data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="></p>
<picture><source srcset="/media/map.avif" type="image/avif"><img src="/media/map.png" alt="Map"></picture>
<hr><dl><dt>GCRF</dt><dd>Global Coastal Resilience Fund</dd></dl>
<p>Escaped markup stays text: &lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;.</p>""",
}


@pytest.mark.parametrize("name", list(CLEAN))
def test_clean_release_comes_through_byte_for_byte(name: str) -> None:
    html = CLEAN[name]
    assert sanitize_html(html) == round_trip(html)
    assert sanitize_tree(parse(html)) == ()


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.html")) + sorted(EXAMPLES.glob("*.md")), ids=str)
def test_bundled_example_release_bodies_are_untouched(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".md":
        _, body = split_front_matter(text, path=path)
        text = markdown.markdown(body, output_format="html")
    soup = parse(text)
    root = soup.find("article") or soup
    before = root.decode(formatter="minimal")
    assert sanitize_tree(root) == ()
    assert root.decode(formatter="minimal") == before


# --- active content goes -------------------------------------------------------------------------------------------

# (name, input, expected output): table-driven, one way in per row.
HOSTILE = [
    ("script", "<p>A<script>alert(1)</script>B</p>", "<p>AB</p>"),
    ("script-uppercase", "<p>A<SCRIPT SRC=//evil.example/x.js></SCRIPT>B</p>", "<p>AB</p>"),
    ("noscript", '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></p></noscript><p>x</p>', "<p>x</p>"),
    ("template", "<template><img src=x onerror=alert(1)></template><p>x</p>", "<p>x</p>"),
    ("style-element", "<style>p{background:url(javascript:alert(1))}</style><p>x</p>", "<p>x</p>"),
    ("link-element", '<link rel="import" href="javascript:alert(1)"><p>x</p>', "<p>x</p>"),
    ("base", '<base href="javascript:alert(1)//"><p>x</p>', "<p>x</p>"),
    ("meta-refresh", '<meta http-equiv="refresh" content="0;url=javascript:alert(1)"><p>x</p>', "<p>x</p>"),
    (
        "meta-description-kept",
        '<meta name="description" content="GCRF news">',
        '<meta content="GCRF news" name="description"/>',
    ),
    ("iframe", '<p>x<iframe src="javascript:alert(1)"></iframe></p>', "<p>x</p>"),
    ("iframe-srcdoc", "<iframe srcdoc=\"<script>alert('srcdoc')</script>\"></iframe>", ""),
    ("frameset", '<frameset><frame src="javascript:alert(1)"></frameset>', ""),
    ("object", '<object data="javascript:alert(1)"><param name="x" value="y">fallback</object>', ""),
    ("embed", '<embed src="javascript:alert(1)">', ""),
    ("applet", '<applet code="X.class">old</applet>', ""),
    (
        "form",
        '<form action="javascript:alert(1)"><input name="q"><button formaction="javascript:x">Go</button></form>',
        "",
    ),
    ("lone-button", '<p><button formaction="javascript:alert(1)">Send</button> now</p>', "<p> now</p>"),
    ("textarea", "<textarea><b>x</b></textarea>", ""),
    ("select", "<select><option>a</option></select>", ""),
    ("svg", "<p><svg onload=alert(1)><circle r=4></circle></svg>SVG</p>", "<p>SVG</p>"),
    ("svg-script", '<svg><script href="data:,alert(1)"></script></svg>', ""),
    ("math", "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>", ""),
    ("video", '<video poster="javascript:alert(1)"><source src="v.mp4">No video</video>', ""),
    ("event-handlers", '<h1 onclick="a()" ONMOUSEOVER="b()">T</h1>', "<h1>T</h1>"),
    ("body-onload", '<body onload="alert(1)"><p>x</p></body>', "<body><p>x</p></body>"),
    ("bogus-attribute-name", '<img src=x "onerror=alert(1)>', '<img src="x"/>'),
    ("javascript-link", '<a href="javascript:alert(1)">r</a>', "<a>r</a>"),
    ("mixed-case-spaced", '<a href=" JaVaScRiPt:alert(1)">r</a>', "<a>r</a>"),
    ("control-chars", '<a href="\x01\x02javascript:alert(1)">r</a>', "<a>r</a>"),
    ("tab-and-newline-inside", '<a href="java\tscr\nipt:alert(1)">r</a>', "<a>r</a>"),
    ("decimal-entity", '<a href="&#106;avascript:alert(1)">r</a>', "<a>r</a>"),
    ("padded-entity-no-semicolon", '<a href="&#0000106&#0000097vascript:alert(1)">r</a>', "<a>r</a>"),
    ("hex-entities", '<a href="&#x6A;&#X61;vascript&#x3a;alert(1)">r</a>', "<a>r</a>"),
    (
        "hex-entities-no-semicolon",
        '<a href="&#x6A&#x61&#x76&#x61&#x73&#x63&#x72&#x69&#x70&#x74&#x3A;x">r</a>',
        "<a>r</a>",
    ),
    ("tab-entity", '<a href="java&Tab;script:alert(1)">r</a>', "<a>r</a>"),
    ("duplicate-href-first-wins", '<a href="javascript:x" href="https://ok.example">r</a>', "<a>r</a>"),
    (
        "background-attribute",
        '<table background="javascript:x"><tr><td>t</td></tr></table>',
        "<table><tr><td>t</td></tr></table>",
    ),
    ("quoted-css-url", '<div style="background:url(&quot;javascript:alert(1)&quot;)">d</div>', "<div>d</div>"),
    ("plaintext-unwrapped", "<plaintext><script>alert(1)</script>", ""),
    ("named-entities", '<a href="javascript&colon;alert(1)&NewLine;">r</a>', "<a>r</a>"),
    ("entity-newline", '<a href="java&#x0A;script:alert(1)">r</a>', "<a>r</a>"),
    ("vbscript", '<a href="vbscript:msgbox(1)">r</a>', "<a>r</a>"),
    ("data-html-link", '<a href="data:text/html,<script>alert(1)</script>">r</a>', "<a>r</a>"),
    ("data-svg-image", '<img src="data:image/svg+xml,<svg onload=alert(1)>" alt="m">', '<img alt="m"/>'),
    ("javascript-image", '<img src="javascript:alert(1)" alt="m">', '<img alt="m"/>'),
    ("mailto-not-an-image", '<img src="mailto:a@b.c" alt="m">', '<img alt="m"/>'),
    ("srcset", '<img srcset="a.png 1x, javascript:alert(1) 2x" alt="m">', '<img alt="m"/>'),
    ("srcset-data", '<img srcset="data:image/png;base64,AAAA 2x" alt="m">', '<img alt="m"/>'),
    ("cite", '<blockquote cite="javascript:alert(1)">q</blockquote>', "<blockquote>q</blockquote>"),
    ("xlink-href", '<a xlink:href="javascript:alert(1)">r</a>', "<a>r</a>"),
    ("formaction-on-allowed", '<p formaction="javascript:alert(1)">x</p>', "<p>x</p>"),
    ("style-expression", '<span style="x:expression(alert(1))">p</span>', "<span>p</span>"),
    ("style-expression-comment", '<span style="width: expr/**/ession(alert(1))">p</span>', "<span>p</span>"),
    ("style-javascript-url", "<p style=\"background-image: url(javascript:alert('s'))\">p</p>", "<p>p</p>"),
    ("style-escaped-url", '<p style="background: \\75 \\72 \\6c (x.png)">p</p>', "<p>p</p>"),
    ("style-binding", '<p style="-moz-binding: url(x.xml#xss)">p</p>', "<p>p</p>"),
    ("style-behavior", '<p style="behavior : url(x.htc)">p</p>', "<p>p</p>"),
    ("style-import", "<p style=\"@import 'x.css'\">p</p>", "<p>p</p>"),
    ("data-attributes", '<p data-hx-on="click: alert(1)" data-bs-content="<img>">p</p>', "<p>p</p>"),
    (
        "target",
        '<a href="https://x.example" target="_blank" ping="https://t.example">r</a>',
        '<a href="https://x.example">r</a>',
    ),
    ("srcdoc-on-allowed", '<div srcdoc="<script>x</script>">d</div>', "<div>d</div>"),
    ("unknown-unwrapped", "<marquee>Big</marquee> <blink>news</blink>", "Big news"),
    ("image-alias-unwrapped", '<image src="x" onerror="alert(1)">', ""),
    (
        "xmp-unwrapped",
        '<xmp><p title="</xmp><img src=x onerror=alert(1)>">x</p></xmp>',
        '<p title="&lt;/xmp&gt;&lt;img src=x onerror=alert(1)&gt;">x</p>',
    ),
    ("namespaced-tag", "<x:script>alert(1)</x:script>", "alert(1)"),
    ("abrupt-comment", "<!--><script>alert(1)</script>-->", ""),
    ("abrupt-comment-dash", "<!---><img src=x onerror=alert(1)>-->", ""),
    ("bang-comment-end", "<!-- a --!><script>alert(1)</script> -->", ""),
    ("cdata", "<![CDATA[><script>alert(1)</script>]]>", ""),
    ("processing-instruction", "<?xml-stylesheet href='javascript:alert(1)'?><p>x</p>", "<p>x</p>"),
    ("title-raw-text", "<title><!--</title><script>alert(1)</script>--></title>", "<title></title>"),
    ("title-tags", "<title>A <b>bold</b> title</title>", "<title>A bold title</title>"),
    ("kept-comment", "<p>x<!-- [if IE]><p>old</p><![endif] --></p>", "<p>x<!-- [if IE]><p>old</p><![endif] --></p>"),
]


@pytest.mark.parametrize(("name", "html", "expected"), HOSTILE, ids=[row[0] for row in HOSTILE])
def test_active_content_is_removed(name: str, html: str, expected: str) -> None:
    out = sanitize_html(html)
    assert out == expected
    assert active_content(out) == []
    assert sanitize_html(out) == out


@pytest.mark.parametrize("name", list(PAYLOADS))
def test_every_hostile_engine_payload_is_inert_after_sanitising(name: str) -> None:
    html = f"<p>Tidewatch goes live. {PAYLOADS[name]}</p>"
    out = sanitize_html(html)
    assert active_content(out) == []
    assert visible_text(out).startswith("Tidewatch goes live.")


def test_escaped_payload_stays_visible_text() -> None:
    out = sanitize_html(f"<p>{PAYLOADS['escaped-markup']}</p>")
    assert visible_text(out) == "<script>alert(3)</script>"


def test_hostile_html_release_of_the_injection_test_is_inert_and_keeps_its_text() -> None:
    soup = parse(HOSTILE_HTML)
    removals = sanitize_tree(soup.body)
    out = soup.body.decode(formatter="minimal")
    assert active_content(out) == []
    text = visible_text(out)
    for kept in (
        "GCRF opens Tidewatch to coastal communities",
        "Read the full report or the summary.",
        'Write <script>alert("escaped")</script> in the form',
        "early warning system protects ports.",
    ):
        assert kept in text
    assert "alert" not in text.replace('alert("escaped")', "")
    reasons = {(r.action, r.element, r.attribute, r.reason) for r in removals}
    assert (Action.REMOVED_ATTRIBUTE, "body", "onload", "event handler") in reasons
    assert (Action.DROPPED, "iframe", None, "embedded document") in reasons
    assert (Action.REMOVED_ATTRIBUTE, "a", "href", "unsafe URL") in reasons
    assert (Action.REMOVED_ATTRIBUTE, "span", "style", "unsafe style") in reasons


def test_hostile_markdown_release_of_the_injection_test_is_inert() -> None:
    _, body = split_front_matter(HOSTILE_MD, path=Path("hostile.md"))
    rendered = markdown.markdown(body, output_format="html")
    assert active_content(rendered)
    out = sanitize_html(rendered)
    assert active_content(out) == []
    assert '<a href="https://gcrf.example.org">GCRF site</a>' in out
    assert '<code>&lt;script&gt;alert("md code")&lt;/script&gt;</code>' in out


# --- single checks -------------------------------------------------------------------------------------------------

URLS = [
    ("https://gcrf.example.org/report?a=1&b=2#p3", LINK_SCHEMES, True),
    ("HTTP://GCRF.EXAMPLE.ORG", LINK_SCHEMES, True),
    ("mailto:press@gcrf.example.org", LINK_SCHEMES, True),
    ("tel:+27-21-555-0100", LINK_SCHEMES, True),
    ("//cdn.example.org/a.png", WEB_SCHEMES, True),
    ("../reports/2026 annual.pdf", WEB_SCHEMES, True),
    ("#annex", LINK_SCHEMES, True),
    ("?page=2", LINK_SCHEMES, True),
    ("", LINK_SCHEMES, True),
    ("notes/a:b", LINK_SCHEMES, True),
    ("mailto:press@gcrf.example.org", WEB_SCHEMES, False),
    ("javascript:alert(1)", LINK_SCHEMES, False),
    ("  \x00JaVaScRiPt:alert(1)", LINK_SCHEMES, False),
    ("j\ta\nv\ra script:alert(1)", LINK_SCHEMES, False),
    ("vbscript:msgbox(1)", LINK_SCHEMES, False),
    ("livescript:x", LINK_SCHEMES, False),
    ("data:text/html;base64,PHNjcmlwdD4=", LINK_SCHEMES, False),
    ("data:image/png;base64,AAAA", LINK_SCHEMES, False),
    ("file:///etc/passwd", LINK_SCHEMES, False),
    ("ftp://example.org", LINK_SCHEMES, False),
    ("feed:javascript:alert(1)", LINK_SCHEMES, False),
]


@pytest.mark.parametrize(("url", "schemes", "safe"), URLS)
def test_safe_url(url: str, schemes: frozenset[str], safe: bool) -> None:
    assert safe_url(url, schemes) is safe


@pytest.mark.parametrize(
    ("url", "safe"),
    [
        ("data:image/png;base64,AAAA", True),
        ("DATA:IMAGE/JPEG,AAAA", True),
        (" data:image/webp;base64,AAAA", True),
        ("data:image/gif,GIF89a", True),
        ("data:image/svg+xml,<svg onload=alert(1)>", False),
        ("data:image/pngx,AAAA", False),
        ("data:text/html,<script>alert(1)</script>", False),
    ],
)
def test_inline_images_are_raster_only(url: str, safe: bool) -> None:
    assert safe_url(url, WEB_SCHEMES, data_image=True) is safe


@pytest.mark.parametrize(
    ("css", "safe"),
    [
        ("text-align: right", True),
        ("color: #036; font-weight: bold; margin-left: 2em", True),
        ("direction: rtl; unicode-bidi: embed", True),
        ("x:expression(alert(1))", False),
        ("X:EXPRESSION (alert(1))", False),
        ("width: e\\78pression(alert(1))", False),
        ("background: url(a.png)", False),
        ("background: u\\rl(a.png)", False),
        ("background-image: image-set('a.png' 1x)", False),
        ("-moz-binding: url(x.xml#y)", False),
        ("behavior: url(x.htc)", False),
        ("/* javascript: */ color: red", False),
        ("@import 'x.css'", False),
    ],
)
def test_safe_style(css: str, safe: bool) -> None:
    assert safe_style(css) is safe


@pytest.mark.parametrize(
    ("text", "safe"),
    [
        (" Approved by the Office of the Director-General ", True),
        ("[if IE]><p>old</p><![endif]", True),
        ("a - b -- c", True),
        (">x", False),
        ("->x", False),
        ("a <!-- b", False),
        ("a --> b", False),
        ("a --!> b", False),
        ("a <!-", False),
    ],
)
def test_safe_comment_follows_the_html_comment_rules(text: str, safe: bool) -> None:
    assert safe_comment(text) is safe


def test_tables_do_not_overlap() -> None:
    assert not set(ELEMENT_ATTRIBUTES) & set(DROPPED_ELEMENTS)


# --- what sanitize_tree reports ------------------------------------------------------------------------------------


def test_removals_are_reported_in_document_order_with_lines() -> None:
    soup = parse(
        '<div onclick="a()">\n<p>Keep <!--><b>x</b>--> text</p>\n'
        '<a href="javascript:x" target="_top">r</a>\n<marquee>m</marquee><script>s()</script></div>'
    )
    removals = sanitize_tree(soup)
    assert removals == (
        Removal(Action.REMOVED_ATTRIBUTE, "div", "event handler", "onclick", "a()", 1),
        Removal(Action.REMOVED_NODE, "#comment", "unsafe comment", value="><b>x</b>", line=2),
        Removal(Action.REMOVED_ATTRIBUTE, "a", "unsafe URL", "href", "javascript:x", 3),
        Removal(Action.REMOVED_ATTRIBUTE, "a", "attribute not allowed", "target", "_top", 3),
        Removal(Action.UNWRAPPED, "marquee", "element not allowed", line=4),
        Removal(Action.DROPPED, "script", "script", line=4),
    )
    assert [str(r) for r in removals[:2]] == [
        "line 1: <div onclick='a()'> removed: event handler",
        "line 2: #comment '><b>x</b>' removed node: unsafe comment",
    ]
    assert str(soup) == "<div>\n<p>Keep  text</p>\n<a>r</a>\nm</div>"


def test_root_is_kept_and_only_its_attributes_are_cleaned() -> None:
    soup = parse('<form action="javascript:x()" onsubmit="y()"><p>Inside</p><input></form>')
    form = soup.form
    removals = sanitize_tree(form)
    assert form.parent is soup and str(soup) == "<form><p>Inside</p></form>"
    assert [r.attribute or r.element for r in removals] == ["action", "onsubmit", "input"]


def test_the_tree_is_cleaned_in_place_and_never_replaced() -> None:
    soup = parse("<article><p>One <em>two</em></p><script>x</script></article>")
    article, em = soup.article, soup.em
    sanitize_tree(soup)
    assert soup.article is article and soup.em is em
    assert not soup.find_all("script")


def test_comments_inside_kept_elements_survive_as_comments() -> None:
    soup = parse("<p>a<!-- note --><code>x<!-- c --></code></p>")
    sanitize_tree(soup)
    assert [str(c) for c in soup.find_all(string=lambda s: isinstance(s, Comment))] == [" note ", " c "]


def test_a_deep_tree_is_walked_without_recursion() -> None:
    depth = 3000
    soup = parse("<x-a>" * depth + "<script>alert(1)</script>deep" + "</x-a>" * depth)
    removals = sanitize_tree(soup)
    assert len(removals) == depth + 1 and removals[-1].element == "script"
    assert [type(n) for n in soup.contents] == [type(soup.new_string(""))] and str(soup) == "deep"


# --- property: whatever the markup, nothing active survives ---------------------------------------------------------

_TAGS = [
    "p",
    "a",
    "img",
    "span",
    "title",
    "svg",
    "math",
    "script",
    "style",
    "iframe",
    "noscript",
    "xmp",
    "textarea",
    "form",
    "object",
    "meta",
    "x-y",
    "table",
    "template",
]
_ATTRS = [
    "href",
    "src",
    "srcset",
    "style",
    "onclick",
    "onerror",
    "srcdoc",
    "formaction",
    "http-equiv",
    "cite",
    "data-x",
    "title",
    "xlink:href",
    "action",
    "data",
]
_VALUES = [
    "javascript:alert(1)",
    " JaVa\tScRiPt:x",
    "&#106;avascript:x",
    "data:text/html,x",
    "x:expression(1)",
    "url(javascript:x)",
    "https://ok.example",
    "</title><script>alert(1)</script>",
    '"><img src=x onerror=1>',
    "refresh",
    "/rel",
]
_TEXT = [
    "text",
    "<!--",
    "-->",
    "--!>",
    "<!-->",
    "<![CDATA[",
    "]]>",
    "&lt;script&gt;",
    "</p>",
    "</title>",
    "<script>alert(1)</script>",
    "<?x?>",
    ">",
]


@st.composite
def markup(draw: st.DrawFn, depth: int = 0) -> str:
    if depth > 3 or draw(st.booleans()):
        return "".join(draw(st.lists(st.sampled_from(_TEXT), max_size=4)))
    tag = draw(st.sampled_from(_TAGS))
    attrs = draw(st.lists(st.tuples(st.sampled_from(_ATTRS), st.sampled_from(_VALUES)), max_size=3))
    start = "".join(f' {name}="{value.replace(chr(34), "&quot;")}"' for name, value in attrs)
    inner = "".join(draw(st.lists(markup(depth + 1), max_size=3)))
    return f"<{tag}{start}>{inner}</{tag}>"


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(markup(), min_size=1, max_size=3).map("".join))
def test_nothing_active_survives_any_markup(html: str) -> None:
    out = sanitize_html(html)
    assert active_content(out) == [], out
    assert active_content(f"<!DOCTYPE html><html><body><div>{out}</div></body></html>") == [], out
    soup = BeautifulSoup(out, "html5lib")
    assert all(el.name in ELEMENT_ATTRIBUTES for el in soup.find_all(True) if isinstance(el, Tag)), out
    assert sanitize_html(out) == out
