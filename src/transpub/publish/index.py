"""Language index pages (``OUT/<lang>/index.html`` and its archive pages) and the root page ``OUT/index.html``.

A language index lists that language's releases newest first (title, date, summary, link) with the release pages'
rules: ``<html lang dir>`` from babel, a switcher naming each language in itself, hreflang alternates between the
indexable language indexes with the source's as ``x-default``, and a link to the language's Atom feed.

Pagination stays put as the site grows: archive page *p* (``page-<p>.html``) holds the releases at positions
``(p-1)*size .. p*size-1`` counted from the oldest, shown newest first, so a new release changes only the last
archive page and ``index.html`` (which shows the newest ``size`` releases and links to the older archive pages).
The root page names every language and sends the reader to the source language's index.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from html import escape

from babel import Locale
from bs4 import Doctype

from transpub.languages import Language
from transpub.publish.links import X_DEFAULT, display_name, normalize_base_url
from transpub.publish.notices import menu_label
from transpub.publish.page import FORMATTER, Builder, format_page_date, stylesheet

INDEX_NAME = "index.html"
FEED_NAME = "feed.xml"


@dataclass(frozen=True)
class IndexTexts:
    releases: str  # the heading of a language index
    older: str
    newer: str
    page: str  # "Page {n}"
    feed: str


_TEXTS = {
    "en": IndexTexts("News releases", "Older releases", "Newer releases", "Page {n}", "Atom feed"),
    "pt": IndexTexts("Comunicados de imprensa", "Comunicados anteriores", "Comunicados mais recentes", "Página {n}",
                     "Feed Atom"),
    "es": IndexTexts("Comunicados de prensa", "Comunicados anteriores", "Comunicados más recientes", "Página {n}",
                     "Canal Atom"),
    "fr": IndexTexts("Communiqués de presse", "Communiqués plus anciens", "Communiqués plus récents", "Page {n}",
                     "Flux Atom"),
    "ar": IndexTexts("البيانات الصحفية", "بيانات أقدم", "بيانات أحدث", "الصفحة {n}", "موجز Atom"),
}  # fmt: skip


def index_texts(lang: Language) -> tuple[IndexTexts, str]:
    """The index texts of ``lang`` and the language they are written in (English when there is no row)."""
    return (_TEXTS[lang.base], lang.base) if lang.base in _TEXTS else (_TEXTS["en"], "en")


@dataclass(frozen=True)
class IndexEntry:
    """One release as a language index shows it."""

    slug: str
    title: str
    date: str | None
    summary: str | None


@dataclass(frozen=True)
class IndexPage:
    """One page of a language index: ``number`` is ``None`` for ``index.html``, else the archive page number."""

    lang: Language
    number: int | None
    entries: tuple[IndexEntry, ...]  # newest first
    older: int | None  # the archive page with older releases
    newer: int | None  # the archive page with newer releases (0: index.html)
    versions: tuple[Language, ...]  # every language with an index, source first
    indexable: tuple[str, ...]  # the language indexes search engines may index (alternates)

    @property
    def name(self) -> str:
        return INDEX_NAME if self.number is None else f"page-{self.number}.html"


def archive_pages(count: int, size: int) -> int:
    """How many archive pages ``count`` releases fill, ``size`` to a page."""
    return (count + size - 1) // size


def front_page(
    lang: Language,
    newest: Sequence[IndexEntry],
    count: int,
    *,
    size: int,
    versions: tuple[Language, ...],
    indexable: tuple[str, ...],
) -> IndexPage:
    """``index.html``: the newest ``size`` of ``count`` releases (``newest``: newest first)."""
    older = (count - size - 1) // size + 1 if count > size else None  # the archive page after the window
    return IndexPage(lang, None, tuple(newest[:size]), older, None, versions, indexable)


def archive_page(
    lang: Language,
    number: int,
    oldest_first: Sequence[IndexEntry],
    count: int,
    *,
    size: int,
    versions: tuple[Language, ...],
    indexable: tuple[str, ...],
) -> IndexPage:
    """Archive page ``number`` of ``count`` releases (``oldest_first``: the releases of that page)."""
    total = archive_pages(count, size)
    newer = number + 1 if number < total else 0
    return IndexPage(lang, number, tuple(reversed(oldest_first)), number - 1 if number > 1 else None, newer,
                     versions, indexable)  # fmt: skip


def paginate(
    lang: Language,
    oldest_first: Sequence[IndexEntry],
    *,
    size: int,
    versions: tuple[Language, ...],
    indexable: tuple[str, ...],
) -> list[IndexPage]:
    """``index.html`` (the newest ``size``) and, when there are more, every archive page.

    >>> from transpub.languages import parse_language
    >>> en = parse_language("en")
    >>> entries = [IndexEntry(f"r{i}", f"R{i}", None, None) for i in range(5)]
    >>> [(p.name, [e.slug for e in p.entries], p.older, p.newer) for p in paginate(en, entries, size=2,
    ...  versions=(en,), indexable=("en",))]  # doctest: +NORMALIZE_WHITESPACE
    [('index.html', ['r4', 'r3'], 2, None), ('page-1.html', ['r1', 'r0'], None, 2),
     ('page-2.html', ['r3', 'r2'], 1, 3), ('page-3.html', ['r4'], 2, 0)]
    """
    n = len(oldest_first)
    common = {"size": size, "versions": versions, "indexable": indexable}
    pages = [front_page(lang, list(reversed(oldest_first)), n, **common)]  # type: ignore[arg-type]
    if n > size:
        for p in range(1, archive_pages(n, size) + 1):
            chunk = oldest_first[(p - 1) * size : p * size]
            pages.append(archive_page(lang, p, chunk, n, **common))  # type: ignore[arg-type]
    return pages


def _url(base_url: str, tag: str, name: str = INDEX_NAME) -> str:
    return f"{normalize_base_url(base_url)}/{tag}/{name}"


def _e(text: str) -> str:
    return escape(text, quote=True)


def _attrs(attrs: Mapping[str, str]) -> str:
    return "".join(f' {name}="{_e(value)}"' for name, value in attrs.items())


def _el(name: str, attrs: Mapping[str, str], text: str, written_in: str, page: Language) -> str:
    """An element holding ``text``, marked with its own language when it is the English fallback."""
    inner = _e(text) if written_in == page.base else f'<span lang="{written_in}" dir="ltr">{_e(text)}</span>'
    return f"<{name}{_attrs(attrs)}>{inner}</{name}>"


def render_language_index(page: IndexPage, *, base_url: str, site_name: str, locale: Locale) -> str:
    """One language index page as a complete HTML5 document.

    Written as escaped text rather than through a parsed tree: a page is a fixed frame around a list of plain
    texts (every one escaped here), and an index page of 50 releases renders in well under a millisecond, which
    keeps a publish into a large site as fast as into an empty one.
    """
    lang = page.lang
    texts, written_in = index_texts(lang)
    heading = texts.releases if page.number is None else f"{texts.releases} – {texts.page.format(n=page.number)}"
    head = [
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_e(heading)} – {_e(site_name)}</title>",
    ]
    indexable = lang.tag in page.indexable
    if not indexable:
        head.append('<meta name="robots" content="noindex">')
    head.append(f"<link{_attrs({'rel': 'canonical', 'href': _url(base_url, lang.tag, page.name)})}>")
    if page.number is None and indexable:
        for tag in (*page.indexable, X_DEFAULT):
            href = _url(base_url, page.indexable[0] if tag == X_DEFAULT else tag)
            head.append(f"<link{_attrs({'rel': 'alternate', 'hreflang': tag, 'href': href})}>")
    feed = {"rel": "alternate", "type": "application/atom+xml", "title": f"{site_name} – {texts.feed}"}
    head.append(f"<link{_attrs({**feed, 'href': _url(base_url, lang.tag, FEED_NAME)})}>")
    head.append(f"<style>\n{stylesheet()}</style>")
    label = menu_label(lang)
    switcher = []
    for version in page.versions:
        attrs = {"href": f"../{version.tag}/{INDEX_NAME}", "lang": version.tag, "dir": version.dir}
        attrs.update({"aria-current": "page"} if version.tag == lang.tag else {"hreflang": version.tag})
        switcher.append(f"<li><a{_attrs(attrs)}>{_e(display_name(version))}</a></li>")
    items = [_entry(entry, locale) for entry in page.entries]
    main = [
        _el("h1", {}, heading, written_in, lang),
        '<p class="feed-link">' + _el("a", {"href": FEED_NAME, "type": "application/atom+xml"}, texts.feed,
                                      written_in, lang) + "</p>",
        '<ul class="release-list">',
        *items,
        "</ul>",
    ]  # fmt: skip
    pager = []
    if page.newer is not None:
        href = INDEX_NAME if page.newer == 0 else f"page-{page.newer}.html"
        pager.append(_el("a", {"href": href, "rel": "prev"}, texts.newer, written_in, lang))
    if page.older is not None:
        pager.append(_el("a", {"href": f"page-{page.older}.html", "rel": "next"}, texts.older, written_in, lang))
    if pager:
        main += ['<nav class="pager">', *pager, "</nav>"]
    lines = [
        "<!DOCTYPE html>",
        f'<html lang="{_e(lang.tag)}" dir="{lang.dir}">',
        "<head>",
        *head,
        "</head>",
        "<body>",
        '<header class="site-header">',
        f'<nav class="languages" aria-label="{_e(label.text)}">',
        "<ul>",
        *switcher,
        "</ul>",
        "</nav>",
        "</header>",
        "<main>",
        *main,
        "</main>",
        "</body>",
        "</html>",
    ]
    return "\n".join(lines) + "\n"


def _entry(entry: IndexEntry, locale: Locale) -> str:
    parts = [f'<li>\n<h2><a href="{_e(entry.slug)}.html">{_e(entry.title)}</a></h2>']
    if entry.date:
        day = format_page_date(dt.date.fromisoformat(entry.date), locale)
        parts.append(f'<p class="dateline"><time datetime="{_e(entry.date)}">{_e(day)}</time></p>')
    if entry.summary:
        parts.append(f'<p class="summary">{_e(entry.summary)}</p>')
    return "\n".join(parts) + "\n</li>"


def render_root_index(source: Language, versions: Sequence[Language], *, base_url: str, site_name: str) -> str:
    """``OUT/index.html``: sends the reader to the source language's index and names every language's index."""
    b = Builder()
    b.soup.append(Doctype("html"))
    html = b.tag("html", {"lang": source.tag, "dir": source.dir})
    b.soup.append(html)
    html.append("\n")
    head = b.tag("head")
    head.append("\n")
    target = f"{source.tag}/{INDEX_NAME}"
    b.add(head, b.tag("meta", {"charset": "utf-8"}))
    b.add(head, b.tag("meta", {"name": "viewport", "content": "width=device-width, initial-scale=1"}))
    b.add(head, b.tag("title", text=site_name))
    b.add(head, b.tag("meta", {"http-equiv": "refresh", "content": f"0; url={target}"}))
    b.add(head, b.tag("link", {"rel": "canonical", "href": _url(base_url, source.tag)}))
    b.add(head, b.tag("style", text="\n" + stylesheet()))
    b.add(html, head)
    body = b.tag("body")
    body.append("\n")
    main = b.tag("main")
    main.append("\n")
    b.add(main, b.tag("h1", text=site_name))
    nav = b.tag("nav", {"class": "languages", "aria-label": menu_label(source).text})
    items = b.tag("ul")
    items.append("\n")
    for version in versions:
        item = b.tag("li")
        attrs = {"href": f"{version.tag}/{INDEX_NAME}", "lang": version.tag, "dir": version.dir}
        item.append(b.tag("a", attrs, display_name(version)))
        b.add(items, item)
    b.add(nav, items)
    b.add(main, nav)
    b.add(body, main)
    b.add(html, body)
    return b.soup.decode(formatter=FORMATTER)
