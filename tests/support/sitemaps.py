"""Reading a published site's sitemaps: ``OUT/sitemap.xml`` is a sitemap index over ``OUT/sitemap-*.xml``."""

from __future__ import annotations

from pathlib import Path

import defusedxml.ElementTree as SafeET

NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9", "xhtml": "http://www.w3.org/1999/xhtml"}


def sitemap_files(out: Path) -> list[Path]:
    """The sitemap files the index lists (each must exist under ``out``)."""
    root = SafeET.fromstring((out / "sitemap.xml").read_bytes())
    assert root.tag == f"{{{NS['sm']}}}sitemapindex"
    return [out / (loc.text or "").rsplit("/", 1)[-1] for loc in root.iterfind("sm:sitemap/sm:loc", NS)]


def sitemap_text(out: Path) -> str:
    """Every sitemap file's text, one after the other (for "is this URL listed" checks)."""
    return "\n".join(path.read_text(encoding="utf-8") for path in sitemap_files(out))


def sitemap_locs(out: Path, *, releases_only: bool = True) -> set[str]:
    """Every ``<loc>`` of every sitemap file (by default without the language-index sitemap)."""
    locs: set[str] = set()
    for path in sitemap_files(out):
        if releases_only and path.name == "sitemap-languages.xml":
            continue
        root = SafeET.fromstring(path.read_bytes())
        locs |= {loc.text or "" for loc in root.iterfind("sm:url/sm:loc", NS)}
    return locs
