"""What the site-wide outputs need to know: base URL, source language and locale, publisher, sizes.

:class:`SiteOptions` is built from the config's ``[site]`` table (:meth:`SiteOptions.from_settings`) or by hand in
tests; it is a plain frozen value, so :mod:`transpub.publish` does not depend on :mod:`transpub.config`.

>>> from transpub.languages import parse_language
>>> opts = SiteOptions("https://example.org/news", parse_language("en"), source_locale="en-GB")
>>> [og_locale(opts.locale_of(parse_language(t))) for t in ("en", "pt", "ar", "zh-Hant", "pt-PT")]
['en_GB', 'pt_BR', 'ar_EG', 'zh_TW', 'pt_PT']
>>> opts.site_name
'News'
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from babel import Locale
from babel.core import get_global

from transpub.languages import Language, parse_language
from transpub.publish.links import normalize_base_url

MAX_SITEMAP_URLS = 50_000  # the sitemaps.org limit per file


@dataclass(frozen=True)
class SiteOptions:
    """Site-wide settings of the pages, indexes, feeds and sitemaps."""

    base_url: str
    source: Language
    name: str = ""
    publisher: str = ""
    publisher_url: str = ""
    publisher_logo: str = ""
    source_locale: str = ""
    feed_entries: int = 20
    index_page_size: int = 50
    sitemap_releases: int = 100

    def __post_init__(self) -> None:
        object.__setattr__(self, "base_url", normalize_base_url(self.base_url))

    @classmethod
    def from_settings(cls, settings: Any) -> SiteOptions:
        """From a :class:`transpub.config.Settings` (its ``base_url``, ``source`` and ``site`` table)."""
        site = getattr(settings, "site", None)
        extra = {} if site is None else {k: getattr(site, k) for k in _FIELDS if hasattr(site, k)}
        return cls(settings.base_url, settings.source, **extra)

    @property
    def site_name(self) -> str:
        return self.name or self.publisher or "News"

    def locale_of(self, lang: Language) -> Locale:
        """The locale a page in ``lang`` is written in: the configured source locale for the source language."""
        if self.source_locale and lang.tag == self.source.tag:
            return parse_language(self.source_locale).locale
        return lang.locale


_FIELDS = (
    "name",
    "publisher",
    "publisher_url",
    "publisher_logo",
    "source_locale",
    "feed_entries",
    "index_page_size",
    "sitemap_releases",
)


def og_locale(locale: Locale) -> str:
    """Open Graph's ``language_TERRITORY`` form, the territory from CLDR's likely subtags when there is none."""
    territory = locale.territory
    if territory is None:
        key = f"{locale.language}_{locale.script}" if locale.script else locale.language
        likely = get_global("likely_subtags").get(key) or get_global("likely_subtags").get(locale.language)
        territory = Locale.parse(likely).territory if likely else None
    return f"{locale.language}_{territory}" if territory else locale.language
