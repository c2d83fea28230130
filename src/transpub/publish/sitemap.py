"""Sitemaps: ``OUT/sitemap.xml`` is a sitemap index over ``OUT/sitemap-<n>.xml`` files, built from the site index.

Each sitemap file holds a fixed range of releases by first-publish order (``[site] sitemap_releases``, 1,000 by
default, fewer when a release has so many languages that a file would pass the protocol's 50,000 URLs), so a new
release rewrites one file and the index, whatever the size of the site. Every indexable page is listed with an
``xhtml:link`` alternate for every indexable version of its release (itself included) and ``x-default`` (the
source). Pages marked ``noindex`` (pseudo-translation previews) are left out, here and in the pages' own hreflang
links: page and sitemap agree. ``sitemap-languages.xml`` lists the language index pages.

The scan of the pages on disk (:func:`published_pages`, :func:`read_page_head`) is used only to build the site
index once for a site published before the index existed.

>>> import tempfile, pathlib
>>> out = pathlib.Path(tempfile.mkdtemp())
>>> _ = (out / "en").mkdir(), (out / "en" / "gcrf.html").write_text("<!DOCTYPE html><title>x</title>")
>>> {slug: list(langs) for slug, langs in published_pages(out).items()}
{'gcrf': ['en']}
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath
from urllib.parse import urlsplit
from xml.etree import ElementTree as ET

from transpub.errors import LanguageError, PublishError
from transpub.languages import parse_language
from transpub.memory.site_index import PageRecord
from transpub.publish.links import X_DEFAULT, check_slug, page_url

SITEMAP_NAME = "sitemap.xml"
SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML_NS = "http://www.w3.org/1999/xhtml"


def _language_folder(folder: Path) -> str | None:
    """The folder's language tag when it is a language folder written by us (canonical tag), else None."""
    if not folder.is_dir() or folder.name.startswith("."):
        return None
    try:
        lang = parse_language(folder.name)
    except LanguageError:
        return None
    return lang.tag if lang.tag == folder.name else None


def _is_slug(name: str) -> bool:
    try:
        check_slug(name)
    except PublishError:
        return False
    return True


def published_pages(out: str | os.PathLike[str]) -> dict[str, dict[str, Path]]:
    """Every page under ``out``: slug -> {language tag -> page path}, both sorted."""
    root = Path(out)
    found: dict[str, dict[str, Path]] = {}
    if not root.is_dir():
        return found
    for folder in sorted(root.iterdir()):
        tag = _language_folder(folder)
        if tag is None:
            continue
        for page in sorted(folder.glob("*.html")):
            if page.is_file() and not page.name.startswith(".") and _is_slug(page.stem):
                found.setdefault(page.stem, {})[tag] = page
    return dict(sorted(found.items()))


def existing_languages(out: str | os.PathLike[str], slug: str) -> tuple[str, ...]:
    """The language tags that have a page for ``slug`` under ``out`` right now."""
    name = f"{check_slug(slug)}.html"
    root = Path(out)
    if not root.is_dir():
        return ()
    tags = (_language_folder(folder) for folder in sorted(root.iterdir()))
    return tuple(tag for tag in tags if tag is not None and (root / tag / name).is_file())


@dataclass(frozen=True)
class PageHead:
    """What the sitemap needs from a published page's head."""

    x_default: str | None  # the language folder its x-default alternate points at
    indexable: bool  # False for pages marked ``<meta name="robots" content="noindex">`` (pseudo previews)


class _HeadScanner(HTMLParser):
    """Collects the attributes of ``<link>`` and ``<meta>`` start tags (stdlib parser: a sitemap rebuild reads
    every page's head, and this is an order of magnitude cheaper than building a tree)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[dict[str, str]] = []
        self.metas: list[dict[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("link", "meta"):
            (self.links if tag == "link" else self.metas).append({k: v or "" for k, v in attrs})


def read_page_head(page: Path) -> PageHead:
    """Read the x-default language and the robots directive from a page (an unreadable page: neither)."""
    try:
        text = page.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return PageHead(None, indexable=True)
    scanner = _HeadScanner()
    scanner.feed(text.split("</head>", 1)[0])  # all we need is in the head; the body can be long
    scanner.close()
    x_default = None
    for link in scanner.links:
        parts = PurePosixPath(urlsplit(link.get("href", "")).path).parts
        if link.get("hreflang") == X_DEFAULT and len(parts) >= 2:
            x_default = parts[-2]
            break
    robots = " ".join(m.get("content", "") for m in scanner.metas if m.get("name", "").lower() == "robots")
    return PageHead(x_default, indexable="noindex" not in robots.lower())


def render_urlset(entries: Iterable[SitemapEntry]) -> str:
    """One sitemap file: every entry's ``<loc>``, ``<lastmod>`` and its ``xhtml:link`` alternates.

    Built with ElementTree using literal ``xmlns``/``xhtml:`` names: the output is namespace-correct XML, and no
    prefix has to be registered in ElementTree's process-wide namespace table.
    """
    urlset = ET.Element("urlset", {"xmlns": SITEMAP_NS, "xmlns:xhtml": XHTML_NS})
    for entry in entries:
        url = ET.SubElement(urlset, "url")
        ET.SubElement(url, "loc").text = entry.loc
        if entry.lastmod:
            ET.SubElement(url, "lastmod").text = entry.lastmod
        for hreflang, href in entry.alternates:
            ET.SubElement(url, "xhtml:link", {"rel": "alternate", "hreflang": hreflang, "href": href})
    ET.indent(urlset)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(urlset, encoding="unicode") + "\n"


def render_sitemap_index(files: Iterable[tuple[str, str | None]]) -> str:
    """``OUT/sitemap.xml``: a sitemap index over ``(absolute URL, lastmod)`` of every sitemap file."""
    index = ET.Element("sitemapindex", {"xmlns": SITEMAP_NS})
    for loc, lastmod in files:
        sitemap = ET.SubElement(index, "sitemap")
        ET.SubElement(sitemap, "loc").text = loc
        if lastmod:
            ET.SubElement(sitemap, "lastmod").text = lastmod
    ET.indent(index)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(index, encoding="unicode") + "\n"


@dataclass(frozen=True)
class SitemapEntry:
    """One ``<url>`` of a sitemap file."""

    loc: str
    lastmod: str | None
    alternates: tuple[tuple[str, str], ...]  # (hreflang, href), the page itself and x-default included


def release_entries(base_url: str, slug: str, source: str, pages: Mapping[str, PageRecord]) -> Iterator[SitemapEntry]:
    """The sitemap entries of one release: its indexable pages, each listing the indexable versions.

    The same rule as the pages' own ``<link rel="alternate" hreflang>`` (see :func:`indexable_versions`), so
    sitemap and pages agree; ``x-default`` is the source page.
    """
    tags = indexable_versions(source, pages)
    if not tags:
        return
    links = [(t, page_url(base_url, t, slug)) for t in tags]
    links.append((X_DEFAULT, links[0][1]))
    for tag in tags:
        yield SitemapEntry(page_url(base_url, tag, slug), pages[tag].modified or None, tuple(links))


def indexable_versions(source: str, pages: Mapping[str, PageRecord]) -> list[str]:
    """Language tags of the versions search engines may index: source first, then sorted; pseudo left out."""
    ordered = dict.fromkeys((source, *sorted(pages)))
    return [t for t in ordered if t in pages and pages[t].indexable]


def sitemap_name(number: int) -> str:
    """The file name of sitemap file ``number`` (1-based), beside ``sitemap.xml``."""
    return f"sitemap-{number}.xml"
