"""Where pages live and how they point at each other: slugs, page paths, absolute URLs, hreflang alternates.

Every page of a release has the same slug in a folder per language: ``OUT/<lang>/<slug>.html``, served at
``{base_url}/{lang}/{slug}.html``.

>>> from transpub.languages import parse_language
>>> base = normalize_base_url("https://example.org/news/")
>>> page_url(base, "pt-BR", "gcrf-fund")
'https://example.org/news/pt-BR/gcrf-fund.html'
>>> [(a.hreflang, a.href) for a in alternates(base, "gcrf-fund", [parse_language("en"), parse_language("ar")])]
... # doctest: +NORMALIZE_WHITESPACE
[('en', 'https://example.org/news/en/gcrf-fund.html'), ('ar', 'https://example.org/news/ar/gcrf-fund.html'),
 ('x-default', 'https://example.org/news/en/gcrf-fund.html')]
>>> display_name(parse_language("es")), display_name(parse_language("ar"))
('Español', 'العربية')
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import PurePosixPath
from urllib.parse import urlsplit

from transpub.errors import PublishError
from transpub.languages import Language, parse_language

_SLUG = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$")
X_DEFAULT = "x-default"
# Names the language folders use for their own pages (index.html, page-<n>.html, feed.xml).
RESERVED_SLUGS = frozenset({"index", "feed"})
_ARCHIVE_PAGE = re.compile(r"^page-[0-9]+$", re.IGNORECASE)


@dataclass(frozen=True)
class Alternate:
    """One ``<link rel="alternate">``: the language tag (or ``x-default``) and the absolute URL of that version."""

    hreflang: str
    href: str


def check_slug(slug: str) -> str:
    """Return ``slug`` if it is safe as a file name on every system, else raise :class:`PublishError`.

    >>> check_slug("2026-03-gcrf-tidewatch")
    '2026-03-gcrf-tidewatch'
    >>> check_slug("../etc/passwd")
    Traceback (most recent call last):
    ...
    transpub.errors.PublishError: release slug is not a safe file name: '../etc/passwd'
    """
    if not isinstance(slug, str) or not _SLUG.match(slug) or ".." in slug:
        raise PublishError("release slug is not a safe file name", value=slug)
    if slug.lower() in RESERVED_SLUGS or _ARCHIVE_PAGE.match(slug):
        raise PublishError("release slug is reserved for the language index pages and feeds", value=slug)
    return slug


def normalize_base_url(base_url: str) -> str:
    """The configured base URL without its trailing slash; it must be an absolute http(s) URL.

    >>> normalize_base_url("relative/path")
    Traceback (most recent call last):
    ...
    transpub.errors.PublishError: base URL must be an absolute http(s) URL: 'relative/path'
    """
    parts = urlsplit(base_url) if isinstance(base_url, str) else None
    if parts is None or parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        raise PublishError("base URL must be an absolute http(s) URL", value=base_url)
    return base_url.rstrip("/")


def page_relpath(lang_tag: str, slug: str) -> PurePosixPath:
    """The page's path under the output folder (and under the base URL): ``<lang>/<slug>.html``."""
    return PurePosixPath(lang_tag) / f"{check_slug(slug)}.html"


def page_url(base_url: str, lang_tag: str, slug: str) -> str:
    """The absolute URL of one language version of a release."""
    return f"{normalize_base_url(base_url)}/{page_relpath(lang_tag, slug)}"


def relative_href(from_lang: str, to_lang: str, slug: str) -> str:
    """A link from one version to another that also works when the folder is opened from disk.

    >>> relative_href("ar", "en", "gcrf-fund")
    '../en/gcrf-fund.html'
    """
    return f"../{page_relpath(to_lang, slug)}"


def order_versions(source: Language, versions: Iterable[Language | str]) -> tuple[Language, ...]:
    """The versions of a release, source first, then the others in the given order, each once.

    >>> src = parse_language("en")
    >>> [v.tag for v in order_versions(src, ["fr", "en", "ar", "fr"])]
    ['en', 'fr', 'ar']
    """
    ordered: dict[str, Language] = {source.tag: source}
    for version in versions:
        lang = version if isinstance(version, Language) else parse_language(version)
        ordered.setdefault(lang.tag, lang)
    return tuple(ordered.values())


def alternates(base_url: str, slug: str, versions: Sequence[Language]) -> tuple[Alternate, ...]:
    """One alternate per version (the page itself included) plus ``x-default``, which is ``versions[0]``."""
    if not versions:
        raise PublishError("a release needs at least one language version", value=slug)
    links = [Alternate(v.tag, page_url(base_url, v.tag, slug)) for v in versions]
    links.append(Alternate(X_DEFAULT, links[0].href))
    return tuple(links)


def display_name(lang: Language) -> str:
    """The language's name in itself, capitalised for display as a heading or menu item.

    Babel gives names as they appear mid-sentence ("español", "français"); a language menu starts them with a
    capital. Scripts without case ("العربية", "日本語", "हिन्दी") are left as they are, and a first letter whose
    capital is more than one letter (German "ß") is kept rather than expanded.

    >>> from transpub.languages import parse_language
    >>> [display_name(parse_language(c)) for c in ("fr", "pt-BR", "uk", "ja", "de")]
    ['Français', 'Português (Brasil)', 'Українська', '日本語', 'Deutsch']
    """
    name = lang.native_name
    first = name[:1]
    upper = first.upper()
    return upper + name[1:] if len(upper) == 1 else name
