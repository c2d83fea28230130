"""Indexing a site published before the site index existed: read each page's head once, then never again.

A release page's head says all the index needs: ``<title>``, ``<meta name="description">``,
``article:published_time``, ``robots`` (a ``noindex`` page is a pseudo preview) and the ``x-default`` alternate
(the source language). Pages of a site published by this version are never read back.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath
from urllib.parse import urlsplit

from transpub.memory.site_index import PageRecord, SiteIndex
from transpub.publish.links import X_DEFAULT
from transpub.publish.sitemap import published_pages


class _Head(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.title = ""
        self.in_title = False
        self.meta: dict[str, str] = {}
        self.x_default: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "title":
            self.in_title = True
        elif tag == "meta":
            key = a.get("name") or a.get("property") or ""
            self.meta.setdefault(key.lower(), a.get("content", ""))
        elif tag == "link" and a.get("hreflang") == X_DEFAULT:
            parts = PurePosixPath(urlsplit(a.get("href", "")).path).parts
            if len(parts) >= 2:
                self.x_default = parts[-2]

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self.in_title = False

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title += data


def _read(page: Path) -> tuple[_Head, str]:
    text = page.read_text(encoding="utf-8", errors="replace")
    head = _Head()
    head.feed(text.split("</head>", 1)[0])
    head.close()
    return head, hashlib.sha256(text.encode("utf-8")).hexdigest()


def seed_index(out: Path, index: SiteIndex) -> int:
    """Record every page found under ``out`` in ``index``; returns how many releases were indexed."""
    count = 0
    for slug, by_lang in published_pages(out).items():
        heads = {tag: _read(page) for tag, page in by_lang.items()}
        named = [h.x_default for h, _ in heads.values() if h.x_default in by_lang]
        source = named[0] if named else next(iter(by_lang))
        records = []
        for tag, (head, digest) in heads.items():
            day = dt.datetime.fromtimestamp(by_lang[tag].stat().st_mtime, dt.UTC).date().isoformat()
            published = head.meta.get("article:published_time") or None
            if tag == source:
                status = "source"
            else:
                status = "pseudo" if "noindex" in head.meta.get("robots", "").lower() else "machine"
            summary = head.meta.get("description") or None
            records.append(PageRecord(slug, tag, head.title.strip() or slug, summary, published, status, day, digest))
        index.record(slug, "", source, records)
        count += 1
    return count
