"""The site-wide files, planned from the site index: sitemaps, language indexes, feeds and the root page.

:func:`plan_site` asks the index (:class:`transpub.memory.site_index.SiteIndex`) only for what the pages recorded
or removed since the last rebuild can have changed, so its work follows the run, not the size of the site:

- a language's ``index.html`` and its archive pages from the first position that moved (a new, newest release:
  the last archive page only), each language's feed (the latest entries), the sitemap file of each touched
  release's range, and the small files over everything (``sitemap.xml``, ``sitemap-languages.xml``, the root page);
- everything, once, when a site-wide input changed (the languages and which are indexable, the base URL, the
  publisher, page sizes, the stylesheet or the renderer version).

Each planned file comes with a fingerprint of exactly its inputs and a function that renders it;
:func:`transpub.publish.site.finish_run` writes only the files whose fingerprint changed, and deletes those the site
no longer has (an emptied archive page).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import partial

from transpub.languages import Language, parse_language
from transpub.memory.site_index import IndexedPage, PageRecord, SiteIndex
from transpub.publish.feed import FeedEntry, render_feed
from transpub.publish.index import (
    FEED_NAME,
    INDEX_NAME,
    IndexEntry,
    archive_page,
    archive_pages,
    front_page,
    render_language_index,
    render_root_index,
)
from transpub.publish.links import X_DEFAULT, page_url
from transpub.publish.options import MAX_SITEMAP_URLS, SiteOptions
from transpub.publish.page import stylesheet
from transpub.publish.sitemap import (
    SITEMAP_NAME,
    SitemapEntry,
    indexable_versions,
    release_entries,
    render_sitemap_index,
    render_urlset,
    sitemap_name,
)

LANGUAGES_SITEMAP = "sitemap-languages.xml"
RENDERER_VERSION = "1"  # bump when a derived file's rendering changes, so every one is rewritten once
SITE_KEY = "site"  # the meta key of the site-wide inputs' fingerprint
WIDEST_KEY = "widest"
SITEMAPS_KEY = "sitemaps"


@dataclass(frozen=True)
class Derived:
    """One file derived from the index: its path under the output folder, input fingerprint and renderer."""

    name: str
    fingerprint: str
    render: Callable[[], str] = field(compare=False)


@dataclass(frozen=True)
class Plan:
    """What a run may rewrite (``files``), every derived file the site has now (``expected``), and the site-wide
    fingerprint to store once written."""

    files: Mapping[str, Derived]
    expected: frozenset[str]
    meta: Mapping[str, str]  # what the index keeps for the next run (site fingerprint, sitemap days, widest)


@dataclass(frozen=True)
class Published:
    """One release in the index, with its pages by language tag."""

    slug: str
    seq: int
    source: str
    pages: Mapping[str, PageRecord]


def _fingerprint(*inputs: object) -> str:
    return hashlib.sha256(repr((RENDERER_VERSION, *inputs)).encode("utf-8")).hexdigest()


def group(rows: Iterable[IndexedPage]) -> list[Published]:
    """Index rows grouped by release, in the order first seen."""
    pages: dict[str, dict[str, PageRecord]] = {}
    heads: dict[str, IndexedPage] = {}
    for row in rows:
        heads.setdefault(row.page.slug, row)
        pages.setdefault(row.page.slug, {})[row.page.lang] = row.page
    return [Published(slug, head.seq, head.source_lang, pages[slug]) for slug, head in heads.items()]


def _entry(page: PageRecord) -> IndexEntry:
    return IndexEntry(page.slug, page.title, page.date, page.summary or None)


@dataclass(frozen=True)
class _Site:
    """The site-wide inputs, read once per run (a few aggregate queries)."""

    options: SiteOptions
    counts: Mapping[str, int]  # language -> pages
    versions: tuple[Language, ...]  # every language with pages, source first
    indexable: tuple[str, ...]  # languages with an indexable page
    per_file: int  # releases per sitemap file

    @classmethod
    def read(cls, index: SiteIndex, options: SiteOptions, widest: int) -> _Site:
        languages = index.languages()
        sources = index.source_languages()
        source = (
            options.source.tag
            if options.source.tag in languages
            else max(sources, key=lambda t: sources[t], default="")
        )
        tags = [t for t in dict.fromkeys([source, *sorted(languages)]) if t in languages]
        indexable = tuple(t for t in tags if languages[t][1] > 0)
        per_file = max(1, min(options.sitemap_releases, MAX_SITEMAP_URLS // max(1, widest)))
        counts = {t: languages[t][0] for t in tags}
        return cls(options, counts, tuple(parse_language(t) for t in tags), indexable or tuple(tags[:1]), per_file)

    def fingerprint(self) -> str:
        o = self.options
        locales = [str(o.locale_of(v)) for v in self.versions]
        return _fingerprint(
            o.base_url, o.site_name, o.publisher, o.index_page_size, o.feed_entries, self.per_file,
            [v.tag for v in self.versions], self.indexable, locales, hashlib.sha256(stylesheet().encode()).hexdigest(),
        )  # fmt: skip


def plan_site(index: SiteIndex, options: SiteOptions) -> Plan:
    """The derived files this run may have to rewrite, from the index's record of what changed."""
    dirty = index.dirty()
    # The most language versions of a release (it sizes the sitemap files): kept, and grown by what changed.
    touched_pages = index.pages_of(slug for slug, *_ in dirty)
    widest = max([int(index.meta(WIDEST_KEY) or 0), *(len(p) for p in touched_pages.values())])
    site = _Site.read(index, options, widest)
    fingerprint = site.fingerprint()
    full = index.meta(SITE_KEY) != fingerprint
    files: dict[str, Derived] = {}
    size = options.index_page_size
    # Each sitemap file's newest day, kept between runs and refreshed for the files this run touches.
    if full:
        lastmods = index.lastmods(site.per_file)
    else:
        lastmods = {int(n): day for n, day in json.loads(index.meta(SITEMAPS_KEY) or "{}").items()}

    first_moved: dict[str, str] = {}
    for _, tag, key, _ in dirty:
        if tag in site.counts and (tag not in first_moved or key < first_moved[tag]):
            first_moved[tag] = key
    for lang in site.versions:
        count = site.counts[lang.tag]
        if full or lang.tag in first_moved:
            start = 1 if full else index.position(lang.tag, first_moved[lang.tag]) // size + 1
            files.update(_language_pages(index, site, lang, count, start))
        files.update(_feed(index, site, lang))
    touched = set(lastmods) if full else {(seq - 1) // site.per_file + 1 for *_, seq in dirty}
    for number in sorted(touched):
        derived, day = _sitemap_file(index, site, number)
        if day is None:
            lastmods.pop(number, None)  # nothing indexable left in this range
        else:
            lastmods[number] = day
            files.update(derived)
    files.update(_site_files(site, lastmods))

    expected = set(files)
    for lang in site.versions:
        expected |= {f"{lang.tag}/{INDEX_NAME}", f"{lang.tag}/{FEED_NAME}"}
        count = site.counts[lang.tag]
        if count > size:
            expected |= {f"{lang.tag}/page-{p}.html" for p in range(1, archive_pages(count, size) + 1)}
    expected |= {sitemap_name(n) for n in lastmods}
    meta = {SITE_KEY: fingerprint, WIDEST_KEY: str(widest), SITEMAPS_KEY: json.dumps(lastmods, sort_keys=True)}
    return Plan(files, frozenset(expected), meta)


def _language_pages(index: SiteIndex, site: _Site, lang: Language, count: int, start: int) -> dict[str, Derived]:
    options, size = site.options, site.options.index_page_size
    common = {"size": size, "versions": site.versions, "indexable": site.indexable}
    locale = options.locale_of(lang)
    render = partial(render_language_index, base_url=options.base_url, site_name=options.site_name, locale=locale)
    pages = [front_page(lang, [_entry(r.page) for r in index.entries(lang.tag, 0, size, newest_first=True)], count,
                        **common)]  # type: ignore[arg-type]  # fmt: skip
    if count > size:
        total = archive_pages(count, size)
        rows = index.entries(lang.tag, (start - 1) * size, (total - start + 1) * size)
        for number in range(start, total + 1):
            chunk = [_entry(r.page) for r in rows[(number - start) * size : (number - start + 1) * size]]
            pages.append(archive_page(lang, number, chunk, count, **common))  # type: ignore[arg-type]
    out = {}
    for page in pages:
        name = f"{lang.tag}/{page.name}"
        inputs = (str(locale), [v.tag for v in site.versions], site.indexable, page.entries, page.older, page.newer)
        out[name] = Derived(name, _fingerprint(*inputs), partial(render, page))
    return out


def _feed(index: SiteIndex, site: _Site, lang: Language) -> dict[str, Derived]:
    options = site.options
    latest = index.entries(lang.tag, 0, options.feed_entries, newest_first=True)
    versions = index.pages_of(r.page.slug for r in latest)
    entries = []
    for row in latest:
        page = row.page
        others = indexable_versions(row.source_lang, versions.get(page.slug, {}))
        alternates = tuple((t, page_url(options.base_url, t, page.slug)) for t in others if t != lang.tag)
        url = page_url(options.base_url, lang.tag, page.slug)
        entries.append(FeedEntry(url, page.title, page.date, page.modified, page.summary or None, alternates))
    title, author = f"{options.site_name} ({lang.tag})", options.publisher or options.site_name
    name = f"{lang.tag}/{FEED_NAME}"
    render = partial(render_feed, lang, entries, base_url=options.base_url, title=title, author=author)
    return {name: Derived(name, _fingerprint(options.base_url, title, author, entries), render)}


def _sitemap_file(index: SiteIndex, site: _Site, number: int) -> tuple[dict[str, Derived], str | None]:
    """Sitemap file ``number`` and its newest day (``None``: no indexable page in its range)."""
    first = (number - 1) * site.per_file + 1
    releases = group(index.releases_between(first, first + site.per_file - 1))
    base = site.options.base_url
    entries = [e for r in releases for e in release_entries(base, r.slug, r.source, r.pages)]
    name = sitemap_name(number)
    day = max((e.lastmod for e in entries if e.lastmod), default=None)
    return {name: Derived(name, _fingerprint(entries), partial(render_urlset, entries))}, day


def _site_files(site: _Site, lastmods: Mapping[int, str]) -> dict[str, Derived]:
    base, options = site.options.base_url, site.options
    files: dict[str, Derived] = {}
    listed: list[tuple[str, str | None]] = [(f"{base}/{sitemap_name(n)}", day) for n, day in sorted(lastmods.items())]
    if site.versions:
        own = [(t, f"{base}/{t}/{INDEX_NAME}") for t in site.indexable]
        links = (*own, (X_DEFAULT, own[0][1]))
        entries = [SitemapEntry(href, None, links) for _, href in own]
        files[LANGUAGES_SITEMAP] = Derived(LANGUAGES_SITEMAP, _fingerprint(entries), partial(render_urlset, entries))
        listed.append((f"{base}/{LANGUAGES_SITEMAP}", None))
        render = partial(render_root_index, site.versions[0], site.versions, base_url=base, site_name=options.site_name)
        inputs = ([v.tag for v in site.versions], base, options.site_name, stylesheet())
        files[INDEX_NAME] = Derived(INDEX_NAME, _fingerprint(*inputs), render)
    files[SITEMAP_NAME] = Derived(SITEMAP_NAME, _fingerprint(listed), partial(render_sitemap_index, listed))
    return files


def today() -> str:
    """The UTC day, as the index records modifications."""
    return dt.datetime.now(dt.UTC).date().isoformat()
