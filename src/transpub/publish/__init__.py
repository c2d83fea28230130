"""Publishing: HTML pages per language, language links, the sitemap and the QA report, written atomically.

The only code that writes under the output folder. Layout::

    OUT/<lang>/<slug>.html      one page per language version (source included)
    OUT/reports/<slug>.json     the QA report (schema in docs/contracts.md)
    OUT/<lang>/index.html       the language's releases, newest first (+ archive pages page-<n>.html)
    OUT/<lang>/feed.xml         Atom feed of the latest releases
    OUT/index.html              leads to the source language's index
    OUT/sitemap.xml             sitemap index over sitemap-<n>.xml (every indexable page, with alternates)
    OUT/.transpub/site.sqlite   the site index (what is published; hidden)
    OUT/.transpub.lock          the publish lock (flock)

Modules, one job each:

- :mod:`~transpub.publish.page` — :class:`PageContent`, :func:`render_page` (a BeautifulSoup-built HTML5 page:
  ``lang``/``dir``, hreflang alternates, canonical, og: tags, language menu, localized date, notice, inline CSS);
- :mod:`~transpub.publish.links` — slugs, page paths and absolute URLs, hreflang alternates, display names;
- :mod:`~transpub.publish.notices` — the table of notice texts per language (machine / reviewed / pseudo);
- :mod:`~transpub.publish.sitemap` — scanning published pages, the sitemap files;
- :mod:`~transpub.publish.report` — the one typed QA report model (:class:`ReleaseReport`,
  :class:`LanguageReport`, :class:`SegmentReport`, :class:`LanguageStatus`), its JSON schema check and
  :func:`report_path`;
- :mod:`~transpub.publish.report_io` — :func:`build_report`, :func:`write_report`, :func:`load_report`,
  :func:`read_report`;
- :mod:`~transpub.publish.atomic` — :func:`write_atomic`, :func:`write_many_atomic`;
- :mod:`~transpub.publish.lock` — :class:`PublishLock`;
- :mod:`~transpub.publish.site` — :func:`publish_release_pages`, :func:`remove_release`, :func:`finish_run` (the
  site-wide files, once per run, from the site index :mod:`transpub.memory.site_index`), the slug registry;
- :mod:`~transpub.publish.finish` — which site-wide files a run rewrites; :mod:`~transpub.publish.index` (language
  indexes and the root page), :mod:`~transpub.publish.feed` (Atom), :mod:`~transpub.publish.jsonld` (NewsArticle),
  :mod:`~transpub.publish.bidi` (``<bdi>`` on right-to-left pages), :mod:`~transpub.publish.options` (``[site]``),
  :mod:`~transpub.publish.legacy` (indexing a site published before the index).

Typical use (the pipeline does this)::

    with PublishLock(out, timeout=60, on_wait=print):
        contents = [PageContent(en, title, summary, body_html, meta, date, "source"),
                    PageContent(pt, pt_title, pt_summary, pt_body, pt_meta, date, "machine")]
        report = build_report(release, [LanguageResult("pt", "machine", translations, engine="bergamot")],
                              source_lang="en", segments=segments)
        publish_release_pages(out, release.slug, contents, source=en, base_url=base_url, report=report)

    remove_release(out, "old-slug", base_url)   # pages + report gone, sitemap rebuilt
"""

from __future__ import annotations

from transpub.publish.atomic import write_atomic, write_many_atomic
from transpub.publish.links import Alternate, alternates, display_name, page_relpath, page_url
from transpub.publish.lock import LockHolder, PublishLock
from transpub.publish.notices import TEXTS, LocalizedText, PageTexts, notice
from transpub.publish.page import PageContent, PageStatus, render_page
from transpub.publish.report import (
    LanguageReport,
    LanguageStatus,
    ReleaseReport,
    ReportTerm,
    SegmentReport,
    report_path,
    validate_report,
)
from transpub.publish.report_io import (
    LanguageResult,
    build_release_report,
    build_report,
    load_release_report,
    load_report,
    load_reports,
    read_report,
    write_report,
)
from transpub.publish.site import finish_run, publish_release_pages, rebuild_sitemap, remove_release
from transpub.publish.sitemap import existing_languages, published_pages

__all__ = [
    "TEXTS",
    "Alternate",
    "LanguageReport",
    "LanguageResult",
    "LanguageStatus",
    "LocalizedText",
    "LockHolder",
    "PageContent",
    "PageStatus",
    "PageTexts",
    "PublishLock",
    "ReleaseReport",
    "ReportTerm",
    "SegmentReport",
    "alternates",
    "build_release_report",
    "build_report",
    "display_name",
    "existing_languages",
    "finish_run",
    "load_release_report",
    "load_report",
    "load_reports",
    "notice",
    "page_relpath",
    "page_url",
    "publish_release_pages",
    "published_pages",
    "read_report",
    "rebuild_sitemap",
    "remove_release",
    "render_page",
    "report_path",
    "validate_report",
    "write_atomic",
    "write_many_atomic",
    "write_report",
]
