"""HTML releases (a full page or a fragment), and the element tables the segmenter shares.

The page is parsed leniently (``html.parser`` through Beautiful Soup: unclosed and misnested tags never crash), the
article content is taken (``<article>``, else ``<main>``, else ``<body>``) with its structure kept, and each
top-level element becomes a :class:`~transpub.document.Block`. Loose text and inline elements at the top level are
wrapped in a ``<p>``. The title is the first ``<h1>`` (removed from the body) or else ``<title>``; ``<meta
name="description">``, ``og:title`` and ``og:description`` become translatable metadata; the date comes from
``<meta property="article:published_time">`` (or ``name="date"``) or the first ``<time datetime>``.

>>> from pathlib import Path
>>> page = '''<html><head><title>Site</title><meta name="description" content="Fund news."></head>
... <body><nav>Menu</nav><article><h1>GCRF  grows</h1><p>It <em>grows</em>.</p>Loose <b>text</b></article></body>'''
>>> parsed = HtmlReader().read(page, path=Path("a.html"))
>>> parsed.title, [b.html for b in parsed.blocks], dict(parsed.meta)
('GCRF grows', ['<p>It <em>grows</em>.</p>', '<p>Loose <b>text</b></p>'], {'description': 'Fund news.'})
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Iterable
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, ClassVar, cast

from transpub.document import Block
from transpub.errors import ReleaseError
from transpub.formats.base import ParsedRelease
from transpub.formats.sanitize import sanitize_tree

if TYPE_CHECKING:
    from bs4 import BeautifulSoup
    from bs4.element import PageElement, Tag

_log = logging.getLogger(__name__)

# --- element tables (declarative; the segmenter reads the same ones; word lists, hence noqa: SIM905) -----------

#: Phrasing elements: inside a block they become inline codes of a sentence rather than breaking the text.
INLINE_ELEMENTS = frozenset(
    "a abbr acronym audio b bdi bdo big br button canvas cite code data del dfn em embed font i iframe "  # noqa: SIM905
    "img input ins kbd label map mark math meter noscript object output picture progress q ruby rp rt s "
    "samp script select slot small span strike strong style sub sup svg template textarea time tt u var "
    "video wbr".split()
)
#: Elements with no end tag.
VOID_ELEMENTS = frozenset(
    "area base br col embed hr img input link meta param source track wbr".split()  # noqa: SIM905
)
#: Elements whose content is never translated and comes back byte-identical.
UNTRANSLATABLE_ELEMENTS = frozenset(
    "code kbd pre samp script style svg math template textarea var".split()  # noqa: SIM905
)
#: Attributes whose values are translatable segments.
TRANSLATABLE_ATTRIBUTES = ("alt", "title")
#: Translatable ``<meta>``, by ``name`` or ``property`` (pages use either); each is a key of ``Release.meta``.
META_FIELDS = ("description", "og:title", "og:description")
#: ``<meta>`` names or properties that give the publication date (ISO 8601; the date part is read).
DATE_META = ("article:published_time", "date", "dc.date")
_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:$|[T ])")
#: Deepest element nesting accepted; real releases stay far below it, and it bounds every walk over the tree.
MAX_NESTING = 100
#: Elements of a page's ``<head>`` that never become body blocks when they turn up at the top level.
_HEAD_ONLY = frozenset({"head", "title", "meta", "link", "base"})
#: Elements whose content is not visible text.
_NO_TEXT = _HEAD_ONLY | {"script", "style", "template"}


def is_untranslatable(tag: str, attrs: Iterable[tuple[str, str | None]]) -> bool:
    """True for an element that is never translated: by its name, ``translate="no"`` or class ``notranslate``.

    >>> is_untranslatable("span", [("translate", "NO")]), is_untranslatable("p", [("class", "a notranslate")])
    (True, True)
    >>> is_untranslatable("p", [("translate", "yes")])
    False
    """
    if tag in UNTRANSLATABLE_ELEMENTS:
        return True
    for name, value in attrs:
        if name == "translate" and (value or "").strip().lower() == "no":
            return True
        if name == "class" and "notranslate" in (value or "").split():
            return True
    return False


def collapse(text: str) -> str:
    """Whitespace runs as single spaces, edges trimmed (for titles and metadata)."""
    return " ".join(text.split())


def _has_word(text: str) -> bool:
    return any(c.isalnum() for c in text)


# --- reading -----------------------------------------------------------------------------------------------------


def _soup(markup: str, path: Path) -> BeautifulSoup:
    from bs4 import BeautifulSoup
    from bs4.exceptions import ParserRejectedMarkup

    try:
        # multi_valued_attributes=None keeps class="a  b" exactly as written; of duplicated attributes the first
        # wins, as in browsers (so <span translate="no" translate="yes"> stays untranslatable).
        return BeautifulSoup(markup, "html.parser", multi_valued_attributes=None, on_duplicate_attribute="ignore")
    except (ParserRejectedMarkup, AssertionError, ValueError) as exc:
        raise ReleaseError(f"HTML cannot be parsed ({exc})", path=path) from exc


def _check_nesting(soup: BeautifulSoup, path: Path) -> None:
    from bs4.element import Tag

    depth = {id(soup): 0}
    for node in soup.descendants:  # an iterative walk, so a deep tree cannot exhaust the stack here
        if isinstance(node, Tag):
            depth[id(node)] = level = depth.get(id(node.parent), 0) + 1
            if level > MAX_NESTING:
                raise ReleaseError(f"HTML is nested more than {MAX_NESTING} elements deep", path=path)


def _serialize(node: PageElement) -> str:
    from bs4.element import NavigableString

    if isinstance(node, NavigableString):
        text: str = node.output_ready(formatter="minimal")
        return text
    return cast("Tag", node).decode(formatter="minimal")


def _visible_text(node: PageElement) -> str:
    from bs4.element import Comment, NavigableString, Tag

    if isinstance(node, Comment):
        return ""
    if isinstance(node, NavigableString):
        return str(node)
    if isinstance(node, Tag) and node.name not in _NO_TEXT:
        return " ".join(_visible_text(child) for child in node.contents)
    return ""


def _attr(tag: Tag, name: str) -> str:
    """An attribute's value, "" when absent (parsed with ``multi_valued_attributes=None``: always one string)."""
    return cast("str | None", tag.get(name)) or ""


def _meta_key(tag: Tag) -> str:
    return (_attr(tag, "property") or _attr(tag, "name")).strip().lower()


def _meta(soup: BeautifulSoup) -> dict[str, str]:
    """The translatable metadata, in :data:`META_FIELDS` order; the first non-empty ``<meta>`` of a key wins."""
    found: dict[str, str] = {}
    for tag in soup.find_all("meta"):
        key, content = _meta_key(tag), collapse(_attr(tag, "content"))
        if key in META_FIELDS and content:
            found.setdefault(key, content)
    return {key: found[key] for key in META_FIELDS if key in found}


def _date(soup: BeautifulSoup, root: Tag, path: Path) -> dt.date | None:
    """The publication date: ``article:published_time`` or ``date`` meta, else the first ``<time datetime>``."""
    for tag in soup.find_all("meta"):
        if _meta_key(tag) in DATE_META:
            return _iso_date(_attr(tag, "content"), tag, path)
    time = root.find("time", attrs={"datetime": True})
    return None if time is None else _iso_date(_attr(time, "datetime"), time, path)


def _iso_date(value: str, tag: Tag, path: Path) -> dt.date:
    m = _ISO_DATE.match(value.strip())
    try:
        if m is None:
            raise ValueError(value)
        return dt.date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError as exc:
        raise ReleaseError(
            "date must be a real date written YYYY-MM-DD", path=path, line=tag.sourceline, value=value
        ) from exc


def _content_root(soup: BeautifulSoup) -> Tag:
    return soup.find("article") or soup.find("main") or soup.body or soup.html or soup


def _is_loose(node: PageElement) -> bool:
    from bs4.element import Comment, Declaration, Doctype, NavigableString, ProcessingInstruction, Tag

    if isinstance(node, Comment | Declaration | Doctype | ProcessingInstruction):
        return False
    if isinstance(node, NavigableString):
        return True
    return isinstance(node, Tag) and node.name in INLINE_ELEMENTS and node.find(_is_block_tag) is None


def _is_block_tag(tag: Tag) -> bool:
    return tag.name not in INLINE_ELEMENTS


def _blocks(root: Tag) -> list[Block]:
    from bs4.element import Comment, Doctype, NavigableString, Tag

    blocks: list[Block] = []
    loose: list[PageElement] = []

    def flush() -> None:
        if not loose:
            return
        if "".join(_visible_text(n) for n in loose).strip():
            inner = "".join(_serialize(n) for n in loose).strip(" \t\n\r\f")
            blocks.append(Block("p", f"<p>{inner}</p>"))
        else:
            for n in loose:
                if isinstance(n, Tag):
                    blocks.append(Block(n.name, _serialize(n)))
        loose.clear()

    for node in list(root.contents):
        if _is_loose(node):
            loose.append(node)
            continue
        flush()
        if isinstance(node, Doctype) or (isinstance(node, Tag) and node.name in _HEAD_ONLY):
            continue
        if isinstance(node, NavigableString):  # a comment, CDATA or processing instruction: kept as written
            blocks.append(Block("#comment" if isinstance(node, Comment) else "#markup", _serialize(node)))
        else:
            blocks.append(Block(cast("Tag", node).name, _serialize(node)))
    flush()
    return blocks


def extract(
    markup: str, *, path: Path, title: str | None = None, title_hint: str = "add an <h1> or a <title>"
) -> ParsedRelease:
    """Title, body blocks and metadata of an HTML page or fragment.

    ``title`` (from Markdown front matter) takes precedence; otherwise the first ``<h1>`` of the content is the
    title and is removed from the body, else the page ``<title>``. Raises :class:`ReleaseError` for a page with no
    text, no title (``title_hint`` says how to add one) or no body text.
    """
    soup = _soup(markup, path)
    _check_nesting(soup, path)
    meta = _meta(soup)
    root = _content_root(soup)
    # Before the title and blocks are read: nothing active (scripts, handlers, javascript: links) reaches a segment
    # or a page. Markdown is rendered to HTML and comes through here too; plain text is escaped by its reader.
    for removal in sanitize_tree(root):
        _log.info("%s: %s", path, removal)
    if title:
        first_h1 = root.find("h1")
        if first_h1 is not None and collapse(first_h1.get_text()).casefold() == collapse(title).casefold():
            first_h1.extract()  # Markdown's front-matter title repeated as the body's "# heading": show it once
    else:
        h1 = root.find("h1") or soup.find("h1")
        if h1 is not None and _has_word(h1.get_text()):
            title = collapse(h1.get_text())
            h1.extract()  # our own parse, so removing the title from the body mutates nobody's input
        else:
            page_title = soup.find("title")
            title = collapse(page_title.get_text()) if page_title is not None else ""
    has_body = _has_word(_visible_text(root))
    if not _has_word(title or "") and not has_body:
        raise ReleaseError("release has no text", path=path)
    if not title:
        raise ReleaseError(f"release has no title: {title_hint}", path=path)
    if not has_body:
        raise ReleaseError("release has no body text besides the title", path=path)
    date = _date(soup, root, path)
    return ParsedRelease(title=title, blocks=tuple(_blocks(root)), date=date, meta=MappingProxyType(meta))


_HTML_START = re.compile(r"\s*(?:<!doctype\s+html|<html|<head|<body|<article|<main|<!--|<h1|<p[\s>])", re.IGNORECASE)


class HtmlReader:
    """``.html`` / ``.htm``: a full page or a fragment."""

    name: ClassVar[str] = "html"
    extensions: ClassVar[tuple[str, ...]] = (".html", ".htm", ".xhtml")

    def sniff(self, text: str) -> bool:
        """True when the text starts like an HTML document.

        >>> HtmlReader().sniff("  <!DOCTYPE html><html>"), HtmlReader().sniff("Plain title")
        (True, False)
        """
        return _HTML_START.match(text) is not None

    def read(self, text: str, *, path: Path) -> ParsedRelease:
        return extract(text, path=path)
