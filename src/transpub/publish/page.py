"""One HTML page per language version of a release, built as a BeautifulSoup tree and serialized once.

Everything on the page comes from babel through :class:`~transpub.languages.Language`: ``<html lang dir>``, the
language menu (each language named in itself), the localized publication date. Text (title, summary, meta) is
inserted as text nodes and attribute values, so the serializer escapes it: a title ``<script>`` stays text. The
body is the segmenter's already-safe HTML fragment, parsed into a fresh tree of our own (html5lib, the browsers'
algorithm) and moved into the page; the caller's string is never touched.

The stylesheet (``style.css``, ~3 kB) is inlined rather than linked: every page is then one self-contained file,
written atomically on its own, with no shared asset whose update could mismatch older pages, no relative path that
breaks when a page is copied into a CMS, and no extra request. The small cost is a few kB repeated per page.

>>> import datetime as dt
>>> from transpub.languages import parse_language
>>> en, pt = parse_language("en"), parse_language("pt")
>>> page = PageContent(pt, "Fundo costeiro", None, "<p>Olá &amp; adeus</p>", date=dt.date(2026, 3, 5),
...                    status="machine")
>>> html = render_page(page, slug="gcrf", versions=[en, pt], source=en, base_url="https://example.org/news")
>>> html.startswith('<!DOCTYPE html>\\n<html lang="pt" dir="ltr">')
True
>>> "5 de março de 2026" in html and "Esta página foi traduzida automaticamente." in html
True
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from types import MappingProxyType
from typing import Any, Protocol

from babel import Locale
from babel.dates import format_date
from bs4 import BeautifulSoup, Comment, Doctype, Tag
from bs4.dammit import EntitySubstitution
from bs4.element import PageElement
from bs4.formatter import HTMLFormatter

from transpub.errors import PublishError
from transpub.languages import Language
from transpub.publish.bidi import isolate_latin
from transpub.publish.jsonld import news_article
from transpub.publish.links import alternates, display_name, order_versions, page_url, relative_href
from transpub.publish.notices import LocalizedText, menu_label, notice
from transpub.publish.options import SiteOptions, og_locale


class PageStatus(enum.StrEnum):
    """What a page is: the source, a machine translation, a reviewed one, or a pseudo-translation preview."""

    SOURCE = "source"
    MACHINE = "machine"
    REVIEWED = "reviewed"
    PSEUDO = "pseudo"


def _frozen(meta: Mapping[str, str] | None = None) -> Mapping[str, str]:
    return MappingProxyType(dict(meta or {}))


class RenderedLike(Protocol):
    """What :meth:`PageContent.from_rendered` reads (``transpub.formats.segment.RenderedRelease`` has it)."""

    @property
    def title(self) -> str: ...
    @property
    def summary(self) -> str | None: ...
    @property
    def body_html(self) -> str: ...
    @property
    def meta(self) -> Mapping[str, str]: ...


@dataclass(frozen=True)
class PageContent:
    """Everything one language version of a release shows.

    ``title``, ``summary`` and ``meta`` (``description``, ``og:title``, ``og:description``) are plain text;
    ``body_html`` is the rendered body fragment; ``status`` decides the notice (none on the source page).
    """

    lang: Language
    title: str
    summary: str | None
    body_html: str
    meta: Mapping[str, str] = field(default_factory=_frozen)
    date: dt.date | None = None
    status: PageStatus | str = PageStatus.MACHINE

    def __post_init__(self) -> None:
        try:
            status = PageStatus(self.status)
        except ValueError as exc:
            raise PublishError("unknown page status", value=self.status) from exc
        object.__setattr__(self, "status", status)
        object.__setattr__(self, "meta", _frozen(self.meta))
        if not self.title.strip():
            raise PublishError(f"page for {self.lang.tag} has an empty title", value=self.title)

    @classmethod
    def from_rendered(
        cls, lang: Language, rendered: RenderedLike, *, date: dt.date | None, status: PageStatus | str
    ) -> PageContent:
        """Build from a rendered release (``SegmentedRelease.render(...)``)."""
        return cls(lang, rendered.title, rendered.summary, rendered.body_html, rendered.meta, date, status)


class _OrderedHTML5(HTMLFormatter):
    """HTML5 output: ``&``, ``<``, ``>`` always escaped, void elements without ``/``, attributes as inserted."""

    def attributes(self, tag: Tag) -> list[tuple[str, Any]]:
        return list(tag.attrs.items())


_FORMATTER = _OrderedHTML5(entity_substitution=EntitySubstitution.substitute_xml, void_element_close_prefix="")


def stylesheet() -> str:
    """The page stylesheet shipped with the package."""
    return resources.files("transpub.publish").joinpath("style.css").read_text(encoding="utf-8")


def format_page_date(date: dt.date, lang: Language | Locale) -> str:
    """The publication date as that locale writes it in running text (babel's ``long`` format).

    >>> from transpub.languages import parse_language
    >>> [format_page_date(dt.date(2026, 3, 5), parse_language(c)) for c in ("fr", "ja", "de")]
    ['5 mars 2026', '2026年3月5日', '5. März 2026']
    """
    return format_date(date, format="long", locale=lang.locale if isinstance(lang, Language) else lang)


class _Builder:
    """Small helpers over one soup: make elements, append them with a line break for readable source."""

    def __init__(self) -> None:
        self.soup = BeautifulSoup("", "html.parser")

    def tag(self, name: str, attrs: Mapping[str, str] | None = None, text: str | None = None) -> Tag:
        element = self.soup.new_tag(name, attrs=dict(attrs or {}))
        if text is not None:
            element.string = text
        return element

    def add(self, parent: Tag | BeautifulSoup, *children: Tag) -> None:
        for child in children:
            parent.append(child)
            parent.append("\n")

    def localized(self, name: str, attrs: Mapping[str, str], text: LocalizedText, page: Language) -> Tag:
        """An element holding ``text``; marked with its own language when it is a fallback (English)."""
        element = self.tag(name, attrs)
        if text.lang.split("-")[0] == page.base:
            element.string = text.text
        else:
            element.append(self.tag("span", {"lang": text.lang, "dir": "ltr"}, text.text))
        return element


def _body_nodes(body_html: str) -> list[PageElement]:
    """Parse the body fragment into a fresh tree and detach its nodes (never the caller's objects).

    html5lib parses as browsers do, so misnested or unclosed markup is repaired the way a browser would repair it
    before it reaches the page; nodes it would hoist into a ``<head>`` (a leading ``<style>``) stay in the body,
    in order.
    """
    fragment = BeautifulSoup(body_html, "html5lib")
    for comment in fragment.find_all(string=lambda s: isinstance(s, Comment)):
        comment.extract()  # editorial comments stay in the source file, never on a public page
    nodes: list[PageElement] = []
    for container in (fragment.head, fragment.body):
        if container is not None:
            nodes.extend(node.extract() for node in list(container.contents))
    return nodes


def _head(
    b: _Builder,
    content: PageContent,
    *,
    slug: str,
    versions: Sequence[Language],
    base_url: str,
    noindex: frozenset[str],
    options: SiteOptions,
    modified: str | None,
) -> Tag:
    head = b.tag("head")
    head.append("\n")
    self_url = page_url(base_url, content.lang.tag, slug)
    description = content.meta.get("description") or content.summary
    og_title = content.meta.get("og:title") or content.title
    og_description = content.meta.get("og:description") or description
    b.add(head, b.tag("meta", {"charset": "utf-8"}))
    b.add(head, b.tag("meta", {"name": "viewport", "content": "width=device-width, initial-scale=1"}))
    b.add(head, b.tag("title", text=content.title))
    if description:
        b.add(head, b.tag("meta", {"name": "description", "content": description}))
    if content.status is PageStatus.PSEUDO:  # a preview for testing layouts, not for search engines
        b.add(head, b.tag("meta", {"name": "robots", "content": "noindex"}))
    b.add(head, b.tag("link", {"rel": "canonical", "href": self_url}))
    # hreflang alternates only between indexable versions (pseudo previews are noindex), as in the sitemap.
    indexed = [v for v in versions if v.tag not in noindex]
    if content.lang.tag not in noindex and indexed:
        for alt in alternates(base_url, slug, indexed):
            b.add(head, b.tag("link", {"rel": "alternate", "hreflang": alt.hreflang, "href": alt.href}))
    feed_title = f"{options.site_name} ({content.lang.tag})"
    feed_url = f"{base_url.rstrip('/')}/{content.lang.tag}/feed.xml"
    b.add(
        head, b.tag("link", {"rel": "alternate", "type": "application/atom+xml", "title": feed_title, "href": feed_url})
    )
    b.add(head, b.tag("meta", {"property": "og:type", "content": "article"}))
    b.add(head, b.tag("meta", {"property": "og:title", "content": og_title}))
    if og_description:
        b.add(head, b.tag("meta", {"property": "og:description", "content": og_description}))
    b.add(head, b.tag("meta", {"property": "og:url", "content": self_url}))
    b.add(head, b.tag("meta", {"property": "og:locale", "content": og_locale(options.locale_of(content.lang))}))
    for other in indexed:
        if other.tag != content.lang.tag:
            b.add(
                head, b.tag("meta", {"property": "og:locale:alternate", "content": og_locale(options.locale_of(other))})
            )
    if content.date is not None:
        b.add(head, b.tag("meta", {"property": "article:published_time", "content": content.date.isoformat()}))
    if content.lang.tag not in noindex:
        data = news_article(content, slug=slug, versions=indexed, options=options, modified=modified)
        b.add(head, b.tag("script", {"type": "application/ld+json"}, data))
    b.add(head, b.tag("style", text="\n" + stylesheet()))
    return head


def _switcher(b: _Builder, content: PageContent, *, slug: str, versions: Sequence[Language]) -> Tag:
    label = menu_label(content.lang)
    nav = b.tag("nav", {"class": "languages", "aria-label": label.text})
    items = b.tag("ul")
    items.append("\n")
    for version in versions:
        attrs = {"href": relative_href(content.lang.tag, version.tag, slug), "lang": version.tag}
        attrs["dir"] = version.dir
        if version.tag == content.lang.tag:
            attrs["aria-current"] = "page"
        else:
            attrs["hreflang"] = version.tag
            attrs["rel"] = "alternate"
        item = b.tag("li")
        item.append(b.tag("a", attrs, display_name(version)))
        b.add(items, item)
    nav.append("\n")
    b.add(nav, items)
    return nav


def _article(b: _Builder, content: PageContent, locale: Locale) -> Tag:
    article = b.tag("article")
    article.append("\n")
    if content.status is not PageStatus.SOURCE:
        text = notice(content.lang, str(content.status))
        attrs = {"class": f"notice notice-{content.status}", "role": "note"}
        b.add(article, b.localized("p", attrs, text, content.lang))
    b.add(article, b.tag("h1", text=content.title))
    if content.date is not None:
        dateline = b.tag("p", {"class": "dateline"})
        dateline.append(b.tag("time", {"datetime": content.date.isoformat()}, format_page_date(content.date, locale)))
        b.add(article, dateline)
    if content.summary:
        b.add(article, b.tag("p", {"class": "summary"}, content.summary))
    body = b.tag("div", {"class": "release-body"})
    body.append("\n")
    for node in _body_nodes(content.body_html):
        body.append(node)
    body.append("\n")
    b.add(article, body)
    return article


def render_page(
    content: PageContent,
    *,
    slug: str,
    versions: Sequence[Language | str],
    source: Language,
    base_url: str,
    noindex: Iterable[str] = (),
    options: SiteOptions | None = None,
    modified: str | None = None,
) -> str:
    """Render one language version of a release as a complete HTML5 document.

    ``versions`` are every language the release is published in (tags or :class:`Language`); the source is put
    first and is the ``x-default``. The page's own language must be one of them. ``noindex`` names the versions
    that are pseudo-translation previews (left out of hreflang alternates and structured data); this page's own
    status counts too. ``options`` gives the publisher, the source locale and the feed; ``modified`` the ISO day
    the content last changed (JSON-LD ``dateModified``).
    """
    if options is None:
        options = SiteOptions(base_url, source)
    hidden = frozenset(noindex) | ({content.lang.tag} if content.status is PageStatus.PSEUDO else frozenset())
    ordered = order_versions(source, versions)
    if content.lang.tag not in {v.tag for v in ordered}:
        raise PublishError(
            f"page language is not among the release's versions {[v.tag for v in ordered]}", value=content.lang.tag
        )
    is_source = content.lang.tag == source.tag
    if is_source != (content.status is PageStatus.SOURCE):
        raise PublishError(
            f"the {source.tag} page must have status 'source', and only it", value=(content.lang.tag, content.status)
        )
    b = _Builder()
    b.soup.append(Doctype("html"))  # serialized with its own line break
    html = b.tag("html", {"lang": content.lang.tag, "dir": content.lang.dir})
    b.soup.append(html)
    html.append("\n")
    head = _head(
        b, content, slug=slug, versions=ordered, base_url=base_url, noindex=hidden, options=options, modified=modified
    )
    b.add(html, head)
    page_body = b.tag("body")
    page_body.append("\n")
    header = b.tag("header", {"class": "site-header"})
    header.append("\n")
    b.add(header, _switcher(b, content, slug=slug, versions=ordered))
    main = b.tag("main")
    main.append("\n")
    article = _article(b, content, options.locale_of(content.lang))
    if content.lang.dir == "rtl":
        isolate_latin(b.soup, article)  # Latin names and URLs inside Arabic, Hebrew... text get a <bdi>
    b.add(main, article)
    b.add(page_body, header, main)
    b.add(html, page_body)
    return b.soup.decode(formatter=_FORMATTER)


# The builder and formatter are shared with the other page kinds (language indexes, the root index).
Builder = _Builder
FORMATTER = _FORMATTER
