"""One segment of the review page as HTML: source with its terms, the machine translation, the approved text,
fuzzy matches, flags, history, neighbours and the editor.

Every value is escaped (:func:`html.escape`); the only markup built from content is made from parsed tokens (code
chips, term marks). Inline codes read ``{1}…{/1}`` everywhere, in the source, the MT and the editor.

>>> marked('Fund <g id="1">early warning</g>.', [(5, 18, "term", "alerta precoce")])[:80]
'Fund <span class="code">{1}</span><mark class="term">early warning<small class="'
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from html import escape
from types import MappingProxyType

from transpub.checks.ids import CheckId
from transpub.document import Origin, Severity
from transpub.errors import ProtectionError
from transpub.glossary.entry import TermKind
from transpub.publish.report import SegmentReport
from transpub.review.workbench import SegmentHistory, plain, to_editable
from transpub.text import tagged

Span = tuple[int, int, str, str | None]  # start, end (plain-text offsets), class, note shown after the text
FORBIDDEN = CheckId.FORBIDDEN
MAX_MATCHES = 3


def _e(value: object) -> str:
    return escape(str(value), quote=True)


def _chip(tok: tagged.Open | tagged.Close | tagged.Standalone) -> str:
    if isinstance(tok, tagged.Open):
        return f'<span class="code">{{{_e(tok.id)}}}</span>'
    if isinstance(tok, tagged.Close):
        return f'<span class="code">{{/{_e(tok.id)}}}</span>'
    return f'<span class="code">{{{_e(tok.id)}/}}</span>'


def marked(text: str, spans: Sequence[Span]) -> str:
    """Tagged text with code chips and ``<mark>`` around each span (spans must not overlap; sorted here)."""
    try:
        tokens = tagged.parse(text)
    except ProtectionError:
        return _e(text)
    spans = sorted(spans)
    out: list[str] = []
    pos = 0
    for tok in tokens:
        if not isinstance(tok, tagged.Text):
            out.append(_chip(tok))
            continue
        start, end = pos, pos + len(tok.text)
        cut = start
        for s_start, s_end, cls, note in spans:
            if s_end <= cut or s_start >= end:
                continue
            a, b = max(s_start, cut), min(s_end, end)
            out.append(_e(tok.text[cut - start : a - start]))
            closing = f'<small class="mandated">{_e(note)}</small>' if note and b == s_end else ""
            out.append(f'<mark class="{_e(cls)}">{_e(tok.text[a - start : b - start])}{closing}</mark>')
            cut = b
        out.append(_e(tok.text[cut - start :]))
        pos = end
    return "".join(out)


def _find_all(haystack: str, needle: str) -> list[tuple[int, int]]:
    found, low, key = [], haystack.casefold(), needle.casefold()
    if not key or len(low) != len(haystack):  # casefolding changed lengths: offsets would drift; mark nothing
        return []
    start = low.find(key)
    while start >= 0:
        found.append((start, start + len(key)))
        start = low.find(key, start + len(key))
    return found


def _without_overlaps(spans: list[Span]) -> list[Span]:
    kept: list[Span] = []
    for span in sorted(spans, key=lambda s: (-(s[1] - s[0]), s[0])):
        if all(span[1] <= k[0] or span[0] >= k[1] for k in kept):
            kept.append(span)
    return kept


def source_spans(seg: SegmentReport) -> list[Span]:
    """Where the segment's glossary terms stand in its source, each with its mandated translation."""
    text = plain(seg.source)
    spans: list[Span] = []
    for term in seg.terms:
        note = term.target if term.kind is TermKind.TRANSLATE else None  # a keep-term's blue mark says it all
        for a, b in _find_all(text, term.source):
            spans.append((a, b, f"term t-{term.kind}", note))
    return _without_overlaps(spans)


def target_spans(seg: SegmentReport, target: str) -> list[Span]:
    """Forbidden words (from the flags) and mandated terms that are present, in a target."""
    text = plain(target)
    spans: list[Span] = []
    for flag in seg.flags:
        if flag.code == FORBIDDEN and flag.span:
            spans.extend((a, b, "forbidden", None) for a, b in _find_all(text, flag.span))
    for term in seg.terms:
        if term.kind is TermKind.TRANSLATE and term.target:
            spans.extend((a, b, "term-ok", None) for a, b in _find_all(text, term.target))
    return _without_overlaps(spans)


@dataclass(frozen=True)
class SegmentState:
    """What one render shows of a segment beyond the report."""

    csrf: str
    url: str  # the language page
    source_lang: str
    lang: str
    edit: str | None = None  # a refused edit, as typed
    error: str | None = None
    confirm: str | None = None  # critical flags of the edit, asking "approve anyway?"
    history: SegmentHistory = field(default_factory=SegmentHistory)
    before: SegmentReport | None = None  # neighbours, shown in filtered views
    after: SegmentReport | None = None
    extra: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))


def _flags_html(seg: SegmentReport) -> str:
    items = "".join(
        f'<li class="flag {_e(f.severity)}"><b>{_e(f.severity)}</b> <code>{_e(f.code)}</code> {_e(f.message)}</li>'
        for f in seg.flags
    )
    back = ""
    if seg.back_translation:  # why a round-trip flag was raised: the target translated back (issue 13)
        back = f'<p class="back-translation"><b>Back-translation</b> {_e(seg.back_translation)}</p>'
    return (f'<ul class="flags">{items}</ul>' if items else "") + back


def _terms_html(seg: SegmentReport) -> str:
    items = "".join(
        f'<li class="term-line t-{_e(t.kind)}"><span class="kind">{_e(t.kind)}</span> {_e(t.source)}'
        + (f" → <b>{_e(t.target)}</b>" if t.target else "")
        + f' <span class="term-status {_e(t.status)}">{_e(t.status)}</span></li>'
        for t in seg.terms
    )
    return f'<ul class="terms" aria-label="Glossary terms">{items}</ul>' if items else ""


def _matches_html(seg: SegmentReport) -> str:
    if not seg.matches:
        return ""
    items = "".join(
        f'<li><button type="button" class="take" data-take="{i}" data-text="{_e(to_editable(m.target))}"'
        f' title="Use this match (key {i})"><kbd>{i}</kbd></button>'
        f' <span class="score">{round(m.score * 100)}%</span>'
        f' <span class="origin o-{_e(m.origin)}">{_e(m.origin)}</span>'
        f' <span class="match-target">{marked(m.target, [])}</span>'
        f'<span class="match-source">{marked(m.source, [])}</span></li>'
        for i, m in enumerate(seg.matches[:MAX_MATCHES], start=1)
    )
    return f'<section class="matches" aria-label="Fuzzy matches"><h3>Memory matches</h3><ol>{items}</ol></section>'


def _history_html(seg: SegmentReport, state: SegmentState) -> str:
    events = state.history.events
    if not events:
        return ""
    rows = []
    for i, ev in enumerate(events):
        was = f' <span class="was">was: {marked(ev.previous, [])}</span>' if ev.previous else ""
        now = marked(ev.target, []) if ev.target else "<i>(entry removed)</i>"
        revert = ""
        if i == 0 and ev.action != "revert":
            revert = (
                f'<form method="post" action="{_e(state.url)}/revert" class="revert">'
                f'<input type="hidden" name="csrf" value="{_e(state.csrf)}">'
                f'<input type="hidden" name="segment" value="{_e(seg.id)}">'
                f'<input type="hidden" name="event" value="{ev.id}">'
                '<button type="submit" class="secondary">Revert</button></form>'
            )
        rows.append(
            f'<li><span class="action a-{_e(ev.action)}">{_e(ev.action)}</span> by {_e(ev.reviewer or "unknown")}'
            f' <time datetime="{_e(ev.at)}">{_e(ev.at[:16].replace("T", " "))}</time>: {now}{was}{revert}</li>'
        )
    return f'<details class="history"><summary>History ({len(events)})</summary><ol>{"".join(rows)}</ol></details>'


def _neighbour(seg: SegmentReport | None, where: str) -> str:
    if seg is None:
        return ""
    return f'<p class="neighbour {where}"><span class="nid">{_e(seg.id)}</span> {_e(plain(seg.source))}</p>'


def _editor(seg: SegmentReport, index: int, state: SegmentState) -> str:
    value = state.edit if state.edit is not None else to_editable(seg.target)
    field_id = f"target-{index}"
    error = f'<p class="error" role="alert">{_e(state.error)}</p>' if state.error else ""
    confirm = ""
    if state.confirm:
        confirm = (
            f'<div class="confirm" role="alert"><p>This target has a critical flag: {_e(state.confirm)}</p>'
            '<button type="submit" name="confirm" value="critical" class="danger" autofocus>Approve anyway</button>'
            " <span>or edit the text and approve again</span></div>"
        )
    source_len = len(plain(seg.source))
    return (
        f'<form method="post" action="{_e(state.url)}/approve" class="approve">'
        f'<input type="hidden" name="csrf" value="{_e(state.csrf)}">'
        f'<input type="hidden" name="segment" value="{_e(seg.id)}">'
        + "".join(f'<input type="hidden" name="{_e(k)}" value="{_e(v)}">' for k, v in state.extra.items())
        + f'<label for="{field_id}">Your translation ({_e(state.lang)})</label>'
        f'<textarea id="{field_id}" name="target" lang="{_e(state.lang)}" rows="3">{_e(value)}</textarea>'
        f'<div class="editor-bar"><span class="counter" data-source-length="{source_len}">'
        f'<span class="len">{len(plain(seg.target)) if state.edit is None else len(value)}</span> characters'
        f" · source {source_len}</span>"
        '<ul class="live-flags" aria-live="polite"></ul></div>'
        f"{error}{confirm}"
        '<button type="submit" class="approve-button">Approve</button></form>'
    )


def segment_html(seg: SegmentReport, index: int, state: SegmentState) -> str:
    """The whole segment card."""
    approved = seg.origin is Origin.APPROVED
    machine = state.history.machine if approved else seg.target
    latest = state.history.latest
    who = f" by {_e(latest.reviewer or 'unknown')}, {_e(latest.at[:10])}" if approved and latest else ""
    status = f'<span class="badge approved">approved{who}</span>' if approved else ""
    if approved and seg.flags and any(f.severity is Severity.CRITICAL for f in seg.flags):
        status += ' <span class="badge critical">approved over a critical flag</span>'
    mt_html = (
        marked(machine, target_spans(seg, machine))
        if machine
        else '<i class="muted">not kept (the memory had no machine entry)</i>'
    )
    approved_html = (
        f'<div class="col approved-text"><h3>Approved</h3><p lang="{_e(state.lang)}">'
        f"{marked(seg.target, target_spans(seg, seg.target))}</p></div>"
        if approved
        else ""
    )
    return (
        f'<article class="seg{" is-approved" if approved else ""}" id="seg-{_e(seg.id)}" data-segment="{_e(seg.id)}"'
        f' tabindex="-1" aria-label="Segment {_e(seg.id)}">'
        + _neighbour(state.before, "before")
        + f'<header class="seg-head"><code>{_e(seg.id)}</code> <span class="context">{_e(seg.context)}</span>'
        f' <span class="origin o-{_e(seg.origin)}">{_e(seg.origin)}</span> {status}</header>'
        f'<div class="pair{" three" if approved else ""}">'
        f'<div class="col"><h3>Source</h3><p class="source" lang="{_e(state.source_lang)}">'
        f"{marked(seg.source, source_spans(seg))}</p></div>"
        f'<div class="col"><h3>Machine translation</h3><p class="mt" lang="{_e(state.lang)}">{mt_html}</p></div>'
        f"{approved_html}</div>"
        + _flags_html(seg)
        + _terms_html(seg)
        + (
            f'<p class="suggestion">Earlier approved wording: {marked(seg.suggestion, [])}</p>'
            if seg.suggestion
            else ""
        )
        + _matches_html(seg)
        + _editor(seg, index, state)
        + _history_html(seg, state)
        + _neighbour(state.after, "after")
        + "</article>"
    )
