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
from urllib.parse import quote

from transpub.document import Origin
from transpub.errors import LanguageError, ProtectionError
from transpub.languages import parse_language
from transpub.review.report import LanguageReport, ReleaseReport, ReportSegment
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
    """Every published release with, per language, its status and count of open flags."""
    rows = []
    for report in reports:
        cells = []
        for lang, language in sorted(report.languages.items()):
            cells.append(
                f'<li><a href="{_e(language_url(report.slug, lang))}">{_e(lang)}</a> '
                f'<span class="status">{_e(language.status)}</span> '
                f'<span class="count" data-lang="{_e(lang)}">{language.open_flags} open flag(s)</span></li>'
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


@dataclass(frozen=True)
class PageState:
    """What one render of a language page shows beyond the report: notices, a refused edit kept for fixing."""

    csrf: str
    message: str | None = None
    show_all: bool = False
    edits: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    errors: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))


def _to_review(language: LanguageReport, show_all: bool) -> list[ReportSegment]:
    if show_all:
        return [s for s in language.segments if s.origin is not Origin.KEPT]
    return [s for s in language.segments if s.flags and s.origin is not Origin.APPROVED]


def _unflagged_pending(language: LanguageReport) -> int:
    return sum(1 for s in language.segments if not s.flags and s.origin in (Origin.MT, Origin.MEMORY) and s.target)


def _segment_html(slug: str, lang: str, seg: ReportSegment, index: int, state: PageState) -> str:
    flags = "".join(
        f'<li class="flag {_e(f.severity)}"><b>{_e(f.severity)}</b> <code>{_e(f.code)}</code> {_e(f.message)}'
        + (f" <q>{_e(f.span)}</q>" if f.span else "")
        + "</li>"
        for f in seg.flags
    )
    terms = "".join(f'<li class="term">{_e(t.describe())}</li>' for t in seg.terms)
    suggestion = (
        f'<p class="suggestion">Earlier approved wording: {tagged_html(seg.suggestion)}</p>' if seg.suggestion else ""
    )
    error = state.errors.get(seg.id)
    error_html = f'<p class="error" role="alert">{_e(error)}</p>' if error else ""
    value = state.edits.get(seg.id, seg.target)
    field_id = f"target-{index}"
    return (
        f'<article class="seg" id="seg-{_e(seg.id)}" data-segment="{_e(seg.id)}" tabindex="-1">'
        f'<h2><code>{_e(seg.id)}</code> <span class="context">{_e(seg.context)}</span>'
        f' <span class="origin">{_e(seg.origin)}</span></h2>'
        f'<div class="pair"><div><h3>Source</h3><p class="source" lang="en">{tagged_html(seg.source)}</p></div>'
        f'<div><h3>Machine translation</h3><p class="mt" lang="{_e(lang)}">{tagged_html(seg.target)}</p></div>'
        "</div>"
        + (f'<ul class="flags">{flags}</ul>' if flags else "")
        + (f'<ul class="terms">{terms}</ul>' if terms else "")
        + suggestion
        + f'<form method="post" action="{_e(language_url(slug, lang))}/approve" class="approve">'
        f'<input type="hidden" name="csrf" value="{_e(state.csrf)}">'
        f'<input type="hidden" name="segment" value="{_e(seg.id)}">'
        f'<label for="{field_id}">Target ({_e(lang)})</label>'
        f'<textarea id="{field_id}" name="target" lang="{_e(lang)}" rows="3">{_e(value)}</textarea>'
        f"{error_html}"
        '<button type="submit" class="approve-button">Approve</button>'
        "</form></article>"
    )


def language_page(report: ReleaseReport, lang: str, state: PageState) -> str:
    """One release in one language: each flagged segment with its source, MT, flags, terms and an editor."""
    language = report.language(lang)
    url = language_url(report.slug, lang)
    segments = _to_review(language, state.show_all)
    pending = _unflagged_pending(language)
    message = f'<p class="message" role="status">{_e(state.message)}</p>' if state.message else ""
    toggle = (
        f'<a href="{_e(url)}">Show flagged segments only</a>'
        if state.show_all
        else f'<a href="{_e(url)}?all=1">Show every segment</a>'
    )
    bulk = (
        f'<form method="post" action="{_e(url)}/approve-unflagged" class="bulk">'
        f'<input type="hidden" name="csrf" value="{_e(state.csrf)}">'
        f'<button type="submit" id="approve-unflagged">Approve all unflagged ({pending})</button></form>'
    )
    items = "".join(_segment_html(report.slug, lang, seg, i, state) for i, seg in enumerate(segments))
    if not items:
        items = '<p class="empty">No open flags in this language.</p>'
    header = (
        f'<header><p><a href="/">All releases</a></p><h1>{_e(report.title)} '
        f'<span class="lang">— {_e(_language_name(lang))} ({_e(lang)})</span></h1>'
        f'<p>Status: <span class="status">{_e(language.status)}</span> · {language.open_flags} open flag(s) · '
        f"{toggle}</p>{message}{bulk}"
        '<p class="keys">Keys: <kbd>j</kbd>/<kbd>k</kbd> or <kbd>↓</kbd>/<kbd>↑</kbd> move between segments, '
        "<kbd>e</kbd> or <kbd>Enter</kbd> edits, <kbd>Esc</kbd> leaves the editor, "
        "<kbd>Ctrl</kbd>+<kbd>Enter</kbd> approves.</p></header>"
    )
    return _layout(f"{report.title} [{lang}]", f"{header}<main>{items}</main>")


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
