"""``OUT/<lang>/feed.xml``: an Atom 1.0 feed (RFC 4287) of a language's latest releases.

One entry per release page: ``id`` (the page URL, stable), ``title``, ``updated`` (the day its content last
changed), ``published`` (the release date), ``summary`` when there is one, a ``rel="alternate"`` link to the page
and one per other language version (with ``hreflang``). The feed carries ``xml:lang``, its own ``self`` link, a
link to the language index, the publisher as author, and ``updated`` = its newest entry's. Times are whole UTC
days, so rebuilding a feed from the same index gives the same bytes.

>>> from transpub.languages import parse_language
>>> entry = FeedEntry("https://ex.org/pt/a.html", "Título", "2026-03-05", "2026-03-06", None,
...                   (("en", "https://ex.org/en/a.html"),))
>>> xml = render_feed(parse_language("pt"), [entry], base_url="https://ex.org", title="News", author="GCRF")
>>> '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="pt">' in xml, "<updated>2026-03-06T00:00:00Z" in xml
(True, True)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from xml.etree import ElementTree as ET

from transpub.languages import Language
from transpub.publish.index import FEED_NAME, INDEX_NAME
from transpub.publish.links import normalize_base_url

ATOM_NS = "http://www.w3.org/2005/Atom"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
EPOCH = "1970-01-01"


@dataclass(frozen=True)
class FeedEntry:
    url: str
    title: str
    published: str | None  # ISO date
    updated: str  # ISO date
    summary: str | None
    alternates: tuple[tuple[str, str], ...]  # (hreflang, url) of the other language versions


def _time(day: str) -> str:
    return f"{day}T00:00:00Z"


def render_feed(lang: Language, entries: Sequence[FeedEntry], *, base_url: str, title: str, author: str) -> str:
    """The Atom document for ``lang`` (entries newest first, as given)."""
    base = normalize_base_url(base_url)
    feed = ET.Element("feed", {"xmlns": ATOM_NS, XML_LANG: lang.tag})
    self_url = f"{base}/{lang.tag}/{FEED_NAME}"
    ET.SubElement(feed, "id").text = self_url
    ET.SubElement(feed, "title").text = title
    ET.SubElement(feed, "updated").text = _time(max((e.updated for e in entries), default=EPOCH))
    ET.SubElement(ET.SubElement(feed, "author"), "name").text = author
    ET.SubElement(feed, "link", {"rel": "self", "type": "application/atom+xml", "href": self_url})
    index = f"{base}/{lang.tag}/{INDEX_NAME}"
    ET.SubElement(feed, "link", {"rel": "alternate", "type": "text/html", "hreflang": lang.tag, "href": index})
    for e in entries:
        entry = ET.SubElement(feed, "entry")
        ET.SubElement(entry, "id").text = e.url
        ET.SubElement(entry, "title").text = e.title
        ET.SubElement(entry, "updated").text = _time(e.updated)
        if e.published:
            ET.SubElement(entry, "published").text = _time(e.published)
        attrs = {"rel": "alternate", "type": "text/html"}
        ET.SubElement(entry, "link", {**attrs, "hreflang": lang.tag, "href": e.url})
        for hreflang, href in e.alternates:
            ET.SubElement(entry, "link", {**attrs, "hreflang": hreflang, "href": href})
        if e.summary:
            ET.SubElement(entry, "summary").text = e.summary
    ET.indent(feed)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(feed, encoding="unicode") + "\n"
