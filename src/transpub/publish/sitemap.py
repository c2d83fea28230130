"""``OUT/sitemap.xml``, rebuilt from the pages actually present under the output folder.

The sitemap is never patched: :func:`rebuild_sitemap` scans ``OUT/<lang>/*.html``, groups the pages by slug, and
lists every page with an ``xhtml:link`` alternate for every version of its release (itself included) and
``x-default``. Pages of earlier releases therefore stay listed, and a removed release disappears. Which version is
``x-default`` is read from the pages themselves (their ``<link rel="alternate" hreflang="x-default">``).
Pages marked ``noindex`` (pseudo-translation previews) are left out: a sitemap lists what search engines should
index.

>>> import tempfile, pathlib
>>> out = pathlib.Path(tempfile.mkdtemp())
>>> _ = (out / "en").mkdir(), (out / "en" / "gcrf.html").write_text("<!DOCTYPE html><title>x</title>")
>>> {slug: list(langs) for slug, langs in published_pages(out).items()}
{'gcrf': ['en']}
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath
from urllib.parse import urlsplit
from xml.etree import ElementTree as ET

from transpub.errors import LanguageError, PublishError
from transpub.languages import parse_language
from transpub.publish.atomic import write_atomic
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


def _lastmod(page: Path) -> str:
    return dt.datetime.fromtimestamp(page.stat().st_mtime, dt.UTC).date().isoformat()


def render_sitemap(pages: Mapping[str, Mapping[str, Path]], base_url: str) -> str:
    """The sitemap XML for ``pages`` (as returned by :func:`published_pages`).

    Built with ElementTree using literal ``xmlns``/``xhtml:`` names: the output is namespace-correct XML, and no
    prefix has to be registered in ElementTree's process-wide namespace table.
    """
    urlset = ET.Element("urlset", {"xmlns": SITEMAP_NS, "xmlns:xhtml": XHTML_NS})
    for slug, by_lang in pages.items():
        heads = {tag: read_page_head(page) for tag, page in by_lang.items()}
        named = [h.x_default for h in heads.values() if h.x_default is not None and h.x_default in by_lang]
        source = named[0] if named else next(iter(by_lang))
        tags = [t for t in dict.fromkeys((source, *sorted(by_lang))) if heads[t].indexable]
        if not tags:
            continue
        links = [(t, page_url(base_url, t, slug)) for t in tags]
        links.append((X_DEFAULT, links[0][1]))
        for tag in tags:
            url = ET.SubElement(urlset, "url")
            ET.SubElement(url, "loc").text = page_url(base_url, tag, slug)
            ET.SubElement(url, "lastmod").text = _lastmod(by_lang[tag])
            for hreflang, href in links:
                ET.SubElement(url, "xhtml:link", {"rel": "alternate", "hreflang": hreflang, "href": href})
    ET.indent(urlset)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(urlset, encoding="unicode") + "\n"


def rebuild_sitemap(out: str | os.PathLike[str], base_url: str) -> Path:
    """Rescan ``out`` and atomically rewrite ``OUT/sitemap.xml``; returns its path."""
    return write_atomic(Path(out) / SITEMAP_NAME, render_sitemap(published_pages(out), base_url))
