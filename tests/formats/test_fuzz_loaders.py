"""Fuzzing: loaders raise nothing but ReleaseError on arbitrary input; the segmenter never raises or loses text.

Whatever loads is segmented and rendered back with its own sources, and must keep every character of text.
"""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from transpub.document import Block, Release
from transpub.errors import ReleaseError
from transpub.formats.loading import parse_release
from transpub.formats.segment import segment_release

FUZZ = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
NAMES = ["news.txt", "news.md", "news.html", "news"]

# Characters that make markup, YAML and sentence boundaries interesting.
SOUP = st.lists(
    st.one_of(
        st.sampled_from([*"<>/!-=\"' \n\t&;#.?:[]{}|*_`", "<p>", "</p>", "<b>", "</b>", "<!--", "-->"]),
        st.sampled_from(["<script>", "</script>", "<br/>", "<img alt='x", "&amp;", "&#x", "<![CDATA[", "<?", "---"]),
        st.sampled_from(['<a href=x title="T">', "</a>", "<code>", "</code>", "<h1>", "</h1>", "<pre>", "</pre>"]),
        st.sampled_from(["<span translate=no>", "</span>", "<li>", "<td>", "<table>", "<title>", "Mr.", "U.S. "]),
        st.characters(blacklist_categories=("Cs",)),
    ),
    max_size=40,
).map("".join)


def _load(data: bytes, name: str) -> Release | None:
    try:
        return parse_release(data, path=Path(name), max_bytes=4096)
    except ReleaseError as error:
        assert error.path == name  # every loader error names the file
        return None


def _round_trip(release: Release) -> None:
    segmented = segment_release(release)
    rendered = segmented.render({s.id: s.source for s in segmented.segments})
    assert _text(rendered.body_html) == _text(release.body_html)


class _TextOnly(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def _text(html: str) -> str:
    parser = _TextOnly()
    parser.feed(html)
    parser.close()
    return "".join(parser.parts)


@FUZZ
@given(st.binary(max_size=300), st.sampled_from(NAMES))
def test_arbitrary_bytes_load_or_raise_release_error(data: bytes, name: str) -> None:
    release = _load(data, name)
    if release is not None:
        _round_trip(release)


@FUZZ
@given(SOUP, st.sampled_from(NAMES))
def test_tag_soup_loads_or_raises_release_error_and_round_trips(text: str, name: str) -> None:
    release = _load(text.encode("utf-8", "surrogatepass"), name)
    if release is not None:
        _round_trip(release)


@FUZZ
@given(st.text(max_size=120), st.text(max_size=80))
def test_arbitrary_front_matter_loads_or_raises_release_error(front: str, body: str) -> None:
    data = f"---\n{front}\n---\n{body}".encode("utf-8", "surrogatepass")
    release = _load(data, "news.md")
    if release is not None:
        _round_trip(release)


@FUZZ
@given(st.lists(SOUP, min_size=1, max_size=4), st.text(max_size=20))
def test_segmenter_on_unnormalised_blocks_raises_nothing_else(blocks: list[str], title: str) -> None:
    # One block per release: blocks are parsed one by one, so text is compared block by block.
    for block in blocks:
        _round_trip(Release(title=title, slug="x", blocks=(Block("div", block),)))


@pytest.mark.parametrize(
    "data",
    [
        b"\xff\xfe",  # a byte order mark and nothing else
        b"\xef\xbb\xbf",
        b"<h1>\x00</h1>",
        "<h1>T</h1><p>\ud800</p>".encode("utf-8", "surrogatepass"),
        b"---\n" + b"[" * 2000 + b"\n---\nBody.",
        b"<h1>T</h1>" + b"<b>" * 3000 + b"deep",
    ],
)
def test_pathological_inputs(data: bytes) -> None:
    for name in NAMES:
        release = _load(data, name)
        if release is not None:
            _round_trip(release)
