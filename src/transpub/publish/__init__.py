"""Publishing: HTML pages per language, language links, the sitemap and the QA report, written atomically.

The only code that writes under the output folder. Layout::

    OUT/<lang>/<slug>.html      one page per language version (source included)
    OUT/reports/<slug>.json     the QA report (schema in docs/contracts.md)
    OUT/sitemap.xml             every page, with xhtml:link alternates
    OUT/.transpub.lock          the publish lock (flock)

Modules, one job each:

- :mod:`~transpub.publish.page` — :class:`PageContent`, :func:`render_page` (a BeautifulSoup-built HTML5 page:
  ``lang``/``dir``, hreflang alternates, canonical, og: tags, language menu, localized date, notice, inline CSS);
- :mod:`~transpub.publish.links` — slugs, page paths and absolute URLs, hreflang alternates, display names;
- :mod:`~transpub.publish.notices` — the table of notice texts per language (machine / reviewed / pseudo);
- :mod:`~transpub.publish.sitemap` — scanning published pages, :func:`rebuild_sitemap`;
- :mod:`~transpub.publish.report` — :func:`build_report`, :func:`validate_report`, :func:`write_report`,
  :func:`read_report`;
- :mod:`~transpub.publish.atomic` — :func:`write_atomic`, :func:`write_many_atomic`;
- :mod:`~transpub.publish.lock` — :class:`PublishLock`;
- :mod:`~transpub.publish.site` — :func:`publish_release_pages`, :func:`remove_release`.

Typical use (the pipeline does this)::

    with PublishLock(out, timeout=60, on_wait=print):
        contents = [PageContent(en, title, summary, body_html, meta, date, "source"),
                    PageContent(pt, pt_title, pt_summary, pt_body, pt_meta, date, "machine")]
        report = build_report(release, [LanguageReport("pt", "machine", translations, engine="bergamot")],
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
    build_report,
    read_report,
    report_path,
    validate_report,
    write_report,
)
from transpub.publish.site import publish_release_pages, remove_release
from transpub.publish.sitemap import existing_languages, published_pages, rebuild_sitemap

__all__ = [
    "TEXTS",
    "Alternate",
    "LanguageReport",
    "LocalizedText",
    "LockHolder",
    "PageContent",
    "PageStatus",
    "PageTexts",
    "PublishLock",
    "alternates",
    "build_report",
    "display_name",
    "existing_languages",
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
