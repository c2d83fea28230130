"""Server-rendered HTML of the review web page: the release list and one release in one language.

Every value from a report, a release or a form goes through :func:`html.escape` (:func:`_e`) before it reaches
the page; the only markup built from content is the inline-code chips of :func:`tagged_html`, made from parsed
tokens. Pages load no inline script or style, so the app can send a strict Content-Security-Policy.

>>> tagged_html('Read <g id="1">the &lt;report&gt;</g>')
'Read <span class="code">{1}</span>the &lt;report&gt;<span class="code">{/1}</span>'
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from html import escape
from types import MappingProxyType
from urllib.parse import quote, urlencode

from transpub.document import Origin
from transpub.errors import LanguageError, ProtectionError
from transpub.languages import parse_language
from transpub.memory.concordance import ConcordanceHit
from transpub.publish.report import LanguageReport, ReleaseReport
from transpub.review.segment_html import SegmentState, segment_html
from transpub.review.workbench import FILTERS, Progress, SegmentHistory, View, neighbours, select
from transpub.text import tagged


def _e(value: object) -> str:
    return escape(str(value), quote=True)


def tagged_html(text: str) -> str:
    """Tagged text shown safely: words escaped, each inline code a visible chip (``{1}``, ``{/1}``, ``{2/}``)."""
    try:
        tokens = tagged.parse(text)
    except ProtectionError:
        return _e(text)
    out = []
    for tok in tokens:
        if isinstance(tok, tagged.Text):
            out.append(_e(tok.text))
        elif isinstance(tok, tagged.Open):
            out.append(f'<span class="code">{{{_e(tok.id)}}}</span>')
        elif isinstance(tok, tagged.Close):
            out.append(f'<span class="code">{{/{_e(tok.id)}}}</span>')
        else:
            out.append(f'<span class="code">{{{_e(tok.id)}/}}</span>')
    return "".join(out)


def language_url(slug: str, lang: str) -> str:
    return f"/review/{quote(slug, safe='')}/{quote(lang, safe='')}"


def _layout(title: str, body: str) -> str:
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{_e(title)} · transpub review</title>"
        '<link rel="stylesheet" href="/static/review.css">'
        '<script src="/static/review.js" defer></script>'
        f"</head><body>{body}</body></html>\n"
    )


def index_page(reports: Sequence[ReleaseReport]) -> str:
    """Every published release with, per language, its status, progress and count of open flags."""
    rows = []
    for report in reports:
        cells = []
        for lang, language in sorted(report.languages.items()):
            progress = Progress.of(language)
            cells.append(
                f'<li><a href="{_e(language_url(report.slug, lang))}">{_e(_language_name(lang))} ({_e(lang)})</a> '
                f'<span class="status">{_e(language.status)}</span> '
                f'<progress value="{progress.reviewed}" max="{max(progress.total, 1)}" aria-hidden="true"></progress>'
                f' <span class="reviewed">{progress.reviewed} of {progress.total} reviewed</span> · '
                f'<span class="count" data-lang="{_e(lang)}">{progress.open_flags} open flag(s)</span></li>'
            )
        rows.append(
            f"<tr><td><strong>{_e(report.title)}</strong><br><code>{_e(report.slug)}</code></td>"
            f'<td><ul class="langs">{"".join(cells)}</ul></td></tr>'
        )
    table = (
        f"<table><thead><tr><th>Release</th><th>Languages</th></tr></thead><tbody>{''.join(rows)}</tbody></table>"
        if rows
        else "<p>No published release yet: run <code>transpub publish</code> first.</p>"
    )
    return _layout("Releases", f"<header><h1>Releases to review</h1></header><main>{table}</main>")


def _no_text() -> Mapping[str, str]:
    return MappingProxyType({})


@dataclass(frozen=True)
class PageState:
    """What one render of a language page shows beyond the report: notices, a refused edit kept for fixing,
    the filter, the segment to focus, histories, concordance hits and the approve-all confirmation."""

    csrf: str
    message: str | None = None
    show_all: bool = False
    edits: Mapping[str, str] = field(default_factory=_no_text)
    errors: Mapping[str, str] = field(default_factory=_no_text)
    confirms: Mapping[str, str] = field(default_factory=_no_text)  # segment id -> its critical flags, to confirm
    view: View = field(default_factory=View)
    focus: str | None = None
    histories: Mapping[str, SegmentHistory] = field(default_factory=lambda: MappingProxyType({}))
    concordance_query: str = ""
    concordance: tuple[ConcordanceHit, ...] = ()
    confirm_bulk: bool = False

    @property
    def shown(self) -> View:
        return View("all", self.view.check, self.view.query) if self.show_all else self.view


def _unflagged_pending(language: LanguageReport) -> int:
    return sum(1 for s in language.segments if not s.flags and s.origin in (Origin.MT, Origin.MEMORY) and s.target)


def _view_url(url: str, view: View, **extra: str) -> str:
    params = {"filter": view.filter, "check": view.check or "", "q": view.query, **extra}
    query = urlencode({k: v for k, v in params.items() if v and not (k == "filter" and v == "flagged")})
    return f"{url}?{query}" if query else url


def _toolbar(language: LanguageReport, url: str, view: View, state: PageState) -> str:
    labels = {"flagged": "To review", "unreviewed": "Unreviewed", "all": "All"}
    tabs = "".join(
        f'<a href="{_e(_view_url(url, View(name, view.check, view.query)))}" class="tab"'
        + (' aria-current="page"' if view.filter == name else "")
        + f'>{labels[name]} <span class="n">{len(select(language, View(name)))}</span></a>'
        for name in FILTERS
    )
    codes = sorted({f.code for s in language.segments for f in s.flags})
    options = '<option value="">any check</option>' + "".join(
        f'<option value="{_e(c)}"{" selected" if c == view.check else ""}>{_e(c)}</option>' for c in codes
    )
    return (
        f'<nav class="toolbar" aria-label="Filters"><div class="tabs">{tabs}</div>'
        f'<form method="get" action="{_e(url)}" class="filter" role="search">'
        f'<input type="hidden" name="filter" value="{_e(view.filter)}">'
        f'<label for="check">Check</label><select id="check" name="check">{options}</select>'
        f'<label for="q">Search</label><input id="q" name="q" type="search" value="{_e(view.query)}"'
        ' placeholder="text in source or target (/)">'
        '<button type="submit" class="secondary">Filter</button></form></nav>'
    )


def _bulk(url: str, state: PageState, pending: int) -> str:
    if not pending:
        return ""
    if not state.confirm_bulk:
        return (
            f'<p class="bulk"><a href="{_e(url)}?bulk=confirm" id="approve-unflagged">'
            f"Approve all unflagged ({pending})…</a></p>"
        )
    return (
        f'<div class="bulk confirm" role="alert"><p>Approve all {pending} unflagged segment(s) as they stand? '
        "Nobody will have read them.</p>"
        f'<form method="post" action="{_e(url)}/approve-unflagged">'
        f'<input type="hidden" name="csrf" value="{_e(state.csrf)}"><input type="hidden" name="confirm" value="1">'
        f'<button type="submit" class="danger" autofocus>Approve {pending} segment(s)</button> '
        f'<a href="{_e(url)}">Cancel</a></form></div>'
    )


def _concordance(url: str, state: PageState) -> str:
    hits = "".join(
        f'<li><p class="c-source">{tagged_html(h.source)}</p><p class="c-target">{tagged_html(h.target)}</p>'
        f'<p class="c-meta">{_e(h.origin)}{(" · " + _e(h.reviewer)) if h.reviewer else ""}</p></li>'
        for h in state.concordance
    )
    found = ""
    if state.concordance_query:
        found = f'<ol class="hits">{hits}</ol>' if hits else '<p class="muted">No earlier translation found.</p>'
    return (
        '<aside class="side" aria-label="Concordance"><h2>Concordance</h2>'
        f'<form method="get" action="{_e(url)}" role="search">'
        f'<label for="cq">Search the memory</label><input id="cq" name="cq" type="search"'
        f' value="{_e(state.concordance_query)}" placeholder="a word or phrase (c)">'
        f'<button type="submit" class="secondary">Search</button></form>{found}'
        '<h2>Keys</h2><dl class="keys">'
        "<dt><kbd>j</kbd> <kbd>k</kbd></dt><dd>next / previous segment</dd>"
        "<dt><kbd>e</kbd> <kbd>Enter</kbd></dt><dd>edit</dd>"
        "<dt><kbd>1</kbd>–<kbd>3</kbd></dt><dd>take a memory match (<kbd>Alt</kbd> while editing)</dd>"
        "<dt><kbd>Ctrl</kbd>+<kbd>Enter</kbd></dt><dd>approve</dd>"
        "<dt><kbd>Esc</kbd></dt><dd>leave the editor</dd>"
        "<dt><kbd>/</kbd> <kbd>c</kbd></dt><dd>search segments / the memory</dd></dl></aside>"
    )


def language_page(report: ReleaseReport, lang: str, state: PageState) -> str:
    """One release in one language: the segments the filter selects, each with everything a translator needs."""
    language = report.language(lang)
    url = language_url(report.slug, lang)
    view = state.shown
    segments = select(language, view)
    progress = Progress.of(language)
    message = f'<p class="message" role="status">{_e(state.message)}</p>' if state.message else ""
    items = []
    for i, seg in enumerate(segments):
        before, after = neighbours(language, seg.id) if view.filter != "all" else (None, None)
        seg_state = SegmentState(
            csrf=state.csrf,
            url=url,
            source_lang=report.source_lang,
            lang=lang,
            edit=state.edits.get(seg.id),
            error=state.errors.get(seg.id),
            confirm=state.confirms.get(seg.id),
            history=state.histories.get(seg.id, SegmentHistory()),
            before=before,
            after=after,
            extra=MappingProxyType({"filter": view.filter}),
        )
        items.append(segment_html(seg, i, seg_state))
    body = "".join(items)
    if not body:
        body = (
            '<p class="empty">No open flags in this language.</p>'
            if view == View()
            else '<p class="empty">No segment matches this filter.</p>'
        )
    header = (
        f'<header class="top"><p class="crumbs"><a href="/">All releases</a></p><h1>{_e(report.title)} '
        f'<span class="lang">— {_e(_language_name(lang))} ({_e(lang)})</span></h1>'
        f'<div class="progress-row"><progress value="{progress.reviewed}" max="{max(progress.total, 1)}"'
        f' aria-label="Reviewed"></progress> <strong class="reviewed">{progress.reviewed} of {progress.total}'
        f' reviewed</strong> · <span class="open-count">{progress.open_flags} open flag(s)</span>'
        f' · status <span class="status">{_e(language.status)}</span></div>'
        f"{message}{_bulk(url, state, _unflagged_pending(language))}</header>"
    )
    focus = f' data-focus="seg-{_e(state.focus)}"' if state.focus else ""
    return _layout(
        f"{report.title} [{lang}]",
        f"{header}{_toolbar(language, url, view, state)}"
        f'<div class="layout"><main{focus}>{body}</main>{_concordance(url, state)}</div>',
    )


def message_page(title: str, text: str) -> str:
    """A plain page for errors (unknown release, refused request)."""
    return _layout(
        title, f'<header><h1>{_e(title)}</h1></header><main><p>{_e(text)}</p><p><a href="/">All releases</a></p></main>'
    )


def _language_name(tag: str) -> str:
    """The language named in English for the reviewer ("Portuguese"), or the tag itself if babel does not know it."""
    try:
        return parse_language(tag).english_name
    except LanguageError:
        return tag
