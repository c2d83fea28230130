"""Structured data for release pages: a schema.org ``NewsArticle`` as JSON-LD.

``headline``, ``datePublished``, ``dateModified``, ``inLanguage``, ``publisher`` (from ``[site]``), ``url`` and
``@id`` (the page URL); the source page lists its translations in ``workTranslation``, each translation points
back with ``translationOfWork``. ``<``, ``>`` and ``&`` are written as ``\\u003c``-style escapes, so no text can
close the ``<script>`` element and the page serializer has nothing to escape.

>>> import datetime as dt
>>> from transpub.languages import parse_language
>>> from transpub.publish.options import SiteOptions
>>> en, pt = parse_language("en"), parse_language("pt")
>>> class C:  # what news_article reads from a PageContent
...     lang, title, summary, date, status = pt, "A </script> title", None, dt.date(2026, 3, 5), "machine"
>>> data = news_article(C(), slug="s", versions=[en, pt], options=SiteOptions("https://ex.org", en, publisher="GCRF"),
...                     modified="2026-03-06")
>>> "</script>" in data, json.loads(data)["translationOfWork"]["@id"]
(False, 'https://ex.org/en/s.html')
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from transpub.languages import Language
from transpub.publish.links import page_url
from transpub.publish.options import SiteOptions

_ESCAPES = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026"}
HEADLINE_MAX = 110  # Google's limit for NewsArticle headlines


def _headline(title: str) -> str:
    return title if len(title) <= HEADLINE_MAX else title[: HEADLINE_MAX - 1].rstrip() + "…"


def news_article(
    content: Any, *, slug: str, versions: Sequence[Language], options: SiteOptions, modified: str | None
) -> str:
    """The JSON-LD text for one language version (``versions``: the indexable versions, source first)."""
    base = options.base_url
    url = page_url(base, content.lang.tag, slug)
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "@id": url,
        "url": url,
        "headline": _headline(content.title),
        "inLanguage": content.lang.tag,
    }
    if content.summary:
        data["description"] = content.summary
    if content.date is not None:
        data["datePublished"] = content.date.isoformat()
    if modified or content.date is not None:
        data["dateModified"] = modified or content.date.isoformat()
    publisher: dict[str, Any] = {"@type": "Organization", "name": options.publisher or options.site_name}
    if options.publisher_url:
        publisher["url"] = options.publisher_url
    if options.publisher_logo:
        publisher["logo"] = {"@type": "ImageObject", "url": options.publisher_logo}
    data["publisher"] = publisher
    source = options.source.tag
    if content.lang.tag == source:
        others = [v for v in versions if v.tag != source]
        if others:
            data["workTranslation"] = [
                {"@type": "NewsArticle", "@id": page_url(base, v.tag, slug), "inLanguage": v.tag} for v in others
            ]
    elif any(v.tag == source for v in versions):
        data["translationOfWork"] = {"@type": "NewsArticle", "@id": page_url(base, source, slug), "inLanguage": source}
    return json.dumps(data, ensure_ascii=False, indent=1).translate(_ESCAPES)
