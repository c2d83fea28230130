"""Reading releases: plain text, Markdown with front matter, HTML pages and fragments; bad input; slugs."""

from __future__ import annotations

import codecs
import datetime as dt
import hashlib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from transpub.errors import ReleaseError
from transpub.formats import READERS, reader_for
from transpub.formats.loading import load_release, parse_release
from transpub.text.slug import is_valid_slug, slug_from_title, slugify

EXAMPLES = Path(__file__).resolve().parents[1].parent / "examples" / "releases"


def load_text(tmp_path: Path, name: str, text: str) -> object:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return load_release(path)


def error_for(data: bytes, name: str = "news.txt", **kwargs: int) -> ReleaseError:
    with pytest.raises(ReleaseError) as info:
        parse_release(data, path=Path(name), **kwargs)
    return info.value


# --- plain text ---------------------------------------------------------------------------------------------------


def test_seed_release(seed_release: Path) -> None:
    release = load_release(seed_release)
    assert release.title == (
        "IOM Director General António Vitorino visits Azerbaijan for high level meetings and Non-Aligned Summit"
    )
    assert release.source_format == "txt"
    assert len(release.blocks) == 13
    assert all(block.kind == "p" for block in release.blocks)
    assert release.blocks[9].html == "<p>Media Coverage</p>"
    assert "Media Coverage" in release.body_html
    assert "“enhance interagency collaboration" in release.body_html
    # Two list-like lines of one paragraph stay two lines (they used to merge into "… Institutions SDG 17 …").
    assert [b.html for b in release.blocks[-2:]] == [
        "<p>SDG 16 - Peace Justice and Strong Institutions</p>",
        "<p>SDG 17 - Partnerships for the Goals</p>",
    ]
    assert release.content_hash == hashlib.sha256(seed_release.read_bytes()).hexdigest()
    assert release.slug == "iom-director-general-antonio-vitorino-visits-azerbaijan-for-high-level-meetings"


def test_text_without_blank_lines_has_one_paragraph_per_line(tmp_path: Path) -> None:
    release = load_text(tmp_path, "a.txt", "Title line\nFirst paragraph.\nSecond paragraph.\n")
    assert [b.html for b in release.blocks] == ["<p>First paragraph.</p>", "<p>Second paragraph.</p>"]


def test_text_escapes_markup_and_normalises_newlines(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(b"\r\n  The <b> title \r\n\r\nFish & chips <script>x</script>.\r\nWrapped line.\r\n")
    release = load_release(path)
    assert release.title == "The <b> title"
    assert release.body_html == "<p>Fish &amp; chips &lt;script&gt;x&lt;/script&gt;.\nWrapped line.</p>"


def test_text_with_a_title_only_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ReleaseError, match=r"a\.txt:2: no body text after the title line"):
        load_text(tmp_path, "a.txt", "\nJust a title\n\n")


# --- markdown -----------------------------------------------------------------------------------------------------


def test_markdown_example() -> None:
    release = load_release(EXAMPLES / "tidewatch-early-warning.md")
    assert release.title == "Tidewatch brings early warning to 12 more countries"
    assert release.date == dt.date(2026, 5, 18)
    assert release.slug == "tidewatch-early-warning-expansion"
    assert release.summary == (
        "The GCRF data platform Tidewatch now feeds the early warning systems of 12 more Member States."
    )
    assert release.source_format == "md"
    kinds = [b.kind for b in release.blocks]
    assert kinds.count("h2") == 2 and "ul" in kinds
    assert "<em>Geneva, 18 May 2026</em>" in release.body_html
    assert "<strong>GCRF</strong>" in release.body_html
    assert 'title="About the initiative"' in release.body_html
    assert "author" not in release.body_html  # front matter never leaks into the body


def test_markdown_title_from_the_first_heading(tmp_path: Path) -> None:
    release = load_text(tmp_path, "a.md", "# GCRF *grows*\n\nBody with [a link](/x).\n\n## More\n\n- one\n- two\n")
    assert release.title == "GCRF grows"
    assert [b.kind for b in release.blocks] == ["p", "h2", "ul"]
    assert release.date is None and release.summary is None


BAD_FRONT_MATTER = [
    ("---\ntitle: [unclosed\n---\nBody.\n", 2, "front matter is not valid YAML"),
    ("---\ntitle: A\n  bad: indent\n---\nBody.\n", 3, "front matter is not valid YAML"),
    ("---\ntitle: !!python/object/apply:os.system ['echo']\n---\nBody.\n", 2, "must be a single value"),
    ("---\ntitle: A\ndate: 2026-13-01\n---\nBody.\n", 3, "date is not a real date"),
    ("---\ntitle: A\n\ndate: 18 May 2026\n---\nBody.\n", 4, "date must be written YYYY-MM-DD"),
    ("---\nslug: ../../etc\ntitle: A\n---\nBody.\n", 2, "slug must be lowercase ASCII"),
    ("---\ntitle: A\nslug: nul\n---\nBody.\n", 3, "reserved device name"),
    ("---\ntitle: A\ntitle: B\n---\nBody.\n", 3, "appears twice"),
    ("---\ntitle: A\nsummary:\n  - a\n---\nBody.\n", 3, "must be a single value"),
    ("---\n- a list\n---\nBody.\n", 2, "must be a mapping"),
    ("---\ntitle: A\nBody.\n", 1, "never closed"),
]


@pytest.mark.parametrize(("text", "line", "message"), BAD_FRONT_MATTER)
def test_bad_front_matter_names_file_and_line(tmp_path: Path, text: str, line: int, message: str) -> None:
    with pytest.raises(ReleaseError, match=message) as info:
        load_text(tmp_path, "news.md", text)
    assert info.value.path == str(tmp_path / "news.md")
    assert info.value.line == line


def test_front_matter_is_never_constructed(tmp_path: Path) -> None:
    text = "---\ntitle: !!python/name:os.system Coastal news\ndate: '2026-01-02'\n---\nBody.\n"
    release = load_text(tmp_path, "a.md", text)
    assert release.title == "Coastal news"  # the tag is never acted on: only the scalar text is read
    assert release.date == dt.date(2026, 1, 2)


# --- html ---------------------------------------------------------------------------------------------------------


def test_html_example_page() -> None:
    release = load_release(EXAMPLES / "port-elizabeth-declaration.html")
    assert release.title == "Member States renew the Port Elizabeth Declaration"
    assert dict(release.meta) == {
        "description": "Forty Member States renewed their commitment to climate resilience for coastal communities.",
        "og:title": "Member States renew the Port Elizabeth Declaration",
        "og:description": (
            "The GCRF welcomes a renewed pledge to protect coastal communities and internally displaced persons."
        ),
    }
    body = release.body_html
    assert "<h1>" not in body  # the title is not repeated in the body
    assert "Home" not in body and "© 2026" not in body and "dataLayer" not in body  # only the article
    assert "<!-- Approved by the Office of the Director-General" in body
    assert '<span translate="no">Port Elizabeth Declaration</span>' in body
    assert "<code>/v2/declaration/pledges</code>" in body
    assert [b.kind for b in release.blocks][:3] == ["p", "#comment", "p"]
    assert release.date == dt.date(2026, 6, 9)


@pytest.mark.parametrize(
    ("html", "date"),
    [
        ('<meta name="date" content="2026-03-02"><h1>T</h1><p>x</p>', dt.date(2026, 3, 2)),
        ('<h1>T</h1><p>On <time datetime="2026-04-05 10:00">5 April</time>.</p>', dt.date(2026, 4, 5)),
        ("<h1>T</h1><p>No date.</p>", None),
    ],
)
def test_html_date(html: str, date: dt.date | None) -> None:
    assert parse_release(html.encode(), path=Path("a.html")).date == date


def test_html_bad_date_names_the_line() -> None:
    error = error_for(b'<h1>T</h1>\n<p>x</p>\n<meta name="date" content="2026-02-30">', "a.html")
    assert (error.path, error.line, error.value) == ("a.html", 3, "2026-02-30")
    assert "date must be a real date" in str(error)


HTML_CASES = [
    # fragment: h1 title, structure kept
    ("<h1>Fund news</h1><p>One.</p><ul><li>Two.</li></ul>", "Fund news", ["p", "ul"]),
    # no h1: the page title; <main> when there is no <article>
    (
        "<html><head><title> Page  title </title></head><body><nav>x</nav><main><p>Text.</p></main></body></html>",
        "Page title",
        ["p"],
    ),
    # loose text and inline elements at the top level are wrapped in a paragraph
    ("<h1>T</h1>Loose <b>text</b>.<p>Para.</p>", "T", ["p", "p"]),
    # unclosed and misnested markup is read leniently
    ("<h1>T</h1><p>Bold <b>both <i>mixed</b> up</i><div><p>unclosed", "T", ["p"]),
    ("<h1>T</h1><table><tr><td>Cell<td>Two</table><p>x</p></span></div>", "T", ["table", "p"]),
]


@pytest.mark.parametrize(("html", "title", "kinds"), HTML_CASES)
def test_html_fragments_and_pages(html: str, title: str, kinds: list[str]) -> None:
    release = parse_release(html.encode(), path=Path("a.html"))
    assert release.title == title
    assert [b.kind for b in release.blocks] == kinds


def test_html_meta_by_name_or_property_first_non_empty_wins() -> None:
    html = (
        '<meta name="og:title" content=" OG  title "><meta property="og:title" content="Second">'
        '<meta name="description" content=""><meta name="Description" content="Desc."><h1>T</h1><p>x</p>'
    )
    release = parse_release(html.encode(), path=Path("a.html"))
    assert dict(release.meta) == {"description": "Desc.", "og:title": "OG title"}
    assert list(release.meta) == ["description", "og:title"]


def test_html_duplicate_attributes_keep_the_first_as_browsers_do() -> None:
    release = parse_release(
        b'<h1>T</h1><p>A <span translate="no" translate="yes">Tidewatch</span>.</p>', path=Path("a.html")
    )
    assert release.body_html == '<p>A <span translate="no">Tidewatch</span>.</p>'


def test_html_escaped_markup_stays_escaped() -> None:
    release = parse_release(b"<h1>T</h1><p>Type &lt;script&gt;alert(1)&lt;/script&gt; here.</p>", path=Path("a.html"))
    assert release.body_html == "<p>Type &lt;script&gt;alert(1)&lt;/script&gt; here.</p>"


@pytest.mark.parametrize(
    ("html", "message"),
    [
        ("<html><body><p>  </p><!-- only a comment --><script>var a = 1;</script></body></html>", "has no text"),
        ("<p>Text but no heading.</p>", "has no title"),
        ("<html><head><title>Only a title</title></head><body><p> </p></body></html>", "no body text"),
    ],
)
def test_html_without_text_is_refused(html: str, message: str) -> None:
    error = error_for(html.encode(), "page.html")
    assert message in str(error)
    assert error.path == "page.html"


# --- choosing the format --------------------------------------------------------------------------------------------


def test_registry_is_explicit_and_sniffs_unknown_extensions() -> None:
    assert list(READERS) == ["html", "md", "txt"]
    assert reader_for(Path("a.MD"), "plain").name == "md"
    assert reader_for(Path("release"), "<!DOCTYPE html><p>x</p>").name == "html"
    assert reader_for(Path("release.news"), "---\ntitle: x\n---\n").name == "md"
    assert reader_for(Path("release"), "Title\n\nBody.").name == "txt"


def test_examples_load_in_their_formats() -> None:
    formats = {p.suffix: load_release(p).source_format for p in EXAMPLES.iterdir()}
    assert formats == {".txt": "txt", ".md": "md", ".html": "html"}


# --- bad bytes ----------------------------------------------------------------------------------------------------

BAD_BYTES = [
    (b"", "file is empty"),
    (b" \n\t\n", "file is empty"),
    (b"\xef\xbb\xbf  \n", "file has no text"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file, not text (NUL byte at offset 8)"),
    (
        "Café com leite\n\nTexto.".encode("cp1252"),
        "not valid UTF-8 at byte offset 3 (0xe9); it looks like Windows-1252",
    ),
    ("Title\n\nBody.".encode("utf-16-le"), "UTF-16-LE without a byte order mark"),
    (codecs.BOM_UTF16_LE + b"T\x00\x00\xd8", "not valid UTF-16-LE at byte offset 2 despite its byte order mark"),
    (b"Title\n\nBad \x81 byte.", "not valid UTF-8 at byte offset 11 (0x81); save it as UTF-8"),
]


@pytest.mark.parametrize(("data", "message"), BAD_BYTES)
def test_bad_bytes_are_refused_with_a_clear_message(data: bytes, message: str) -> None:
    error = error_for(data)
    assert message in str(error)
    assert str(error).startswith("news.txt: ")


@pytest.mark.parametrize(
    ("bom", "encoding"),
    [
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
        (codecs.BOM_UTF32_LE, "utf-32-le"),
    ],
)
def test_byte_order_marks_are_honoured(bom: bytes, encoding: str) -> None:
    release = parse_release(bom + "Ação climática\r\n\r\nTexto.".encode(encoding), path=Path("a.txt"))
    assert release.title == "Ação climática"
    assert release.body_html == "<p>Texto.</p>"


def test_size_limit_names_the_limit(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_bytes(b"Title\n\n" + b"word " * 100)
    with pytest.raises(ReleaseError, match="larger than the limit of 64 bytes"):
        load_release(path, max_bytes=64)
    assert load_release(path, max_bytes=1000).title == "Title"


def test_unreadable_paths(tmp_path: Path) -> None:
    with pytest.raises(ReleaseError, match="cannot read the file") as info:
        load_release(tmp_path / "missing.txt")
    assert info.value.path == str(tmp_path / "missing.txt")
    with pytest.raises(ReleaseError, match="cannot read the file"):
        load_release(tmp_path)


# --- slugs --------------------------------------------------------------------------------------------------------

SLUGS = [
    ("GCRF launches the Coastal Horizons Initiative", "gcrf-launches-the-coastal-horizons-initiative"),
    ("Ação climática: 40 Estados-Membros", "acao-climatica-40-estados-membros"),
    ("../../etc/passwd", "etc-passwd"),
    ("C:\\Windows\\System32", "c-windows-system32"),
    ("CON", "con-release"),
    ("nul", "nul-release"),
    ("Lpt1", "lpt1-release"),
]


@pytest.mark.parametrize(("title", "slug"), SLUGS)
def test_slug_from_title(title: str, slug: str) -> None:
    assert slug_from_title(title) == slug


def test_slug_fallback_for_titles_with_no_ascii() -> None:
    assert slug_from_title("!!!").startswith("release-")
    assert slug_from_title("مرحبا بكم") != slug_from_title("你好")
    assert slug_from_title("你好") == slug_from_title("你好")


def test_long_titles_are_cut_at_a_hyphen() -> None:
    slug = slugify("word " * 40)
    assert len(slug) <= 80 and not slug.endswith("-") and slug.endswith("word")


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=120))
def test_every_title_gives_a_safe_file_name(title: str) -> None:
    slug = slug_from_title(title)
    assert is_valid_slug(slug)
    assert "/" not in slug and "\\" not in slug and ".." not in slug
