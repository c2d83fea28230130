"""Bidirectional isolation on right-to-left pages: Latin names and URLs inside Arabic text get a ``<bdi>``.

Without isolation, the Unicode bidi algorithm lets neutral characters next to an embedded left-to-right run
(a full stop, a parenthesis, "GCRF's") attach to the wrong side, and a URL's punctuation reorders. Each run of
Latin words (with the characters URLs and e-mail addresses use) inside a text that also holds right-to-left
letters is wrapped in ``<bdi>``, which isolates it in both directions; trailing sentence punctuation stays outside.
Texts with no right-to-left letter (a pseudo-translation, an untranslated quote) are left alone, as are
``<code>``, ``<pre>`` and existing ``<bdi>``.

>>> from bs4 import BeautifulSoup
>>> soup = BeautifulSoup("<p>أطلق GCRF منصة Tidewatch Data في https://tidewatch.example.org/data.</p>", "html.parser")
>>> isolate_latin(soup, soup)
3
>>> str(soup)  # doctest: +NORMALIZE_WHITESPACE
'<p>أطلق <bdi>GCRF</bdi> منصة <bdi>Tidewatch Data</bdi> في <bdi>https://tidewatch.example.org/data</bdi>.</p>'
>>> soup = BeautifulSoup('<p>راجع <a href="/t">Tidewatch</a> اليوم.</p><p>Only English here.</p>', "html.parser")
>>> isolate_latin(soup, soup), str(soup)
(1, '<p>راجع <a href="/t"><bdi>Tidewatch</bdi></a> اليوم.</p><p>Only English here.</p>')
"""

from __future__ import annotations

import re

from bs4 import BeautifulSoup, Tag
from bs4.element import Comment, NavigableString

_RTL = re.compile(r"[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF]")
_WORD = r"[A-Za-z0-9\u00C0-\u024F][A-Za-z0-9\u00C0-\u024F._:/@&'’+#%=?~()-]*"
_RUN = re.compile(rf"{_WORD}(?:[ \u00A0]+{_WORD})*")
_LATIN_LETTER = re.compile(r"[A-Za-z\u00C0-\u024F]")
_TRAILING = ".,:;!?'’)-"
_SKIP = frozenset({"code", "pre", "bdi", "script", "style", "kbd", "samp"})


def _split(text: str) -> list[tuple[str, bool]]:
    """``text`` as pieces, each marked whether it is a Latin run to isolate."""
    pieces: list[tuple[str, bool]] = []
    last = 0
    for match in _RUN.finditer(text):
        run = match.group(0)
        trimmed = run.rstrip(_TRAILING)
        if trimmed.count("(") < trimmed.count(")"):
            trimmed = trimmed.rstrip(")")
        if not trimmed or not _LATIN_LETTER.search(trimmed):
            continue
        start = match.start()
        pieces.append((text[last:start], False))
        pieces.append((trimmed, True))
        last = start + len(trimmed)
    pieces.append((text[last:], False))
    return [(p, iso) for p, iso in pieces if p]


_BLOCKS = frozenset({"p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "td", "th", "dd", "dt", "figcaption", "blockquote"})


def _mixed(text: NavigableString) -> bool:
    """Whether ``text`` holds right-to-left letters, or sits in a block that does (a link inside Arabic text)."""
    if _RTL.search(text):
        return True
    if not _LATIN_LETTER.search(text):
        return False
    block = next((p for p in text.parents if p.name in _BLOCKS), None)
    return block is not None and bool(_RTL.search(block.get_text()))


def isolate_latin(soup: BeautifulSoup, root: Tag | BeautifulSoup) -> int:
    """Wrap the Latin runs of every mixed-direction text under ``root`` in ``<bdi>``; returns how many."""
    count = 0
    texts = [
        s
        for s in root.find_all(string=True)
        if not isinstance(s, Comment) and not any(p.name in _SKIP for p in s.parents) and _mixed(s)
    ]
    for text in texts:
        pieces = _split(str(text))
        if not any(iso for _, iso in pieces):
            continue
        nodes: list[NavigableString | Tag] = []
        for piece, iso in pieces:
            if iso:
                bdi = soup.new_tag("bdi")
                bdi.string = piece
                nodes.append(bdi)
                count += 1
            else:
                nodes.append(NavigableString(piece))
        text.replace_with(*nodes)
    return count
