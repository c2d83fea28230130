"""What the review page knows beyond one report: editable tags, filters, neighbours, history and checks while typing.

The page and the app stay thin; the decisions live here as plain functions over the report and the memory.

Inline codes look the same in the source and in the editor: ``<g id="1">the report</g>`` is ``{1}the report{/1}``
and ``<x id="2"/>`` is ``{2/}``. :func:`from_editable` turns what the translator typed back into tagged text, taking
braces as codes only for ids the source has (so ``{note}`` in a sentence stays text).

>>> to_editable('Read <g id="1">the &lt;report&gt;</g><x id="2"/>')
'Read {1}the <report>{/1}{2/}'
>>> from_editable('Leia {1}o <relatório>{/1}{2/}', 'Read <g id="1">the report</g><x id="2"/>')
'Leia <g id="1">o &lt;relatório&gt;</g><x id="2"/>'
>>> from_editable('Leia {1}o relatório{/2}', 'Read <g id="1">x</g> <g id="2">y</g>')
Traceback (most recent call last):
...
transpub.errors.ReviewError: inline code {/2} closes {1}: 'Leia {1}o relatório{/2}'
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType

from transpub.checks import CheckContext, run_checks
from transpub.checks.gate import to_review
from transpub.checks.validate import validate_target
from transpub.config import Settings
from transpub.document import Flag, Origin, Segment
from transpub.errors import LanguageError, ProtectionError, ReviewError
from transpub.glossary import Glossary, load_glossaries
from transpub.languages import parse_language
from transpub.memory.history import HistoryEvent
from transpub.publish.report import LanguageReport, SegmentReport
from transpub.text import tagged

_BRACE = re.compile(r"\{(/?)([A-Za-z0-9.-]+)(/?)\}")
_TAGGED = re.compile(r'<g id="[^"]*">|</g>|<x id="[^"]*"/>')
FILTERS = ("flagged", "unreviewed", "all")


# ---------------------------------------------------------------------------------------------- editable tags


def to_editable(text: str) -> str:
    """Tagged text as the editor shows it: words unescaped, codes as ``{1}``, ``{/1}``, ``{2/}``."""
    try:
        tokens = tagged.parse(text)
    except ProtectionError:
        return text
    out = []
    for tok in tokens:
        if isinstance(tok, tagged.Text):
            out.append(tok.text)
        elif isinstance(tok, tagged.Open):
            out.append(f"{{{tok.id}}}")
        elif isinstance(tok, tagged.Close):
            out.append(f"{{/{tok.id}}}")
        else:
            out.append(f"{{{tok.id}/}}")
    return "".join(out)


def from_editable(text: str, source: str) -> str:
    """What the translator typed, back as tagged text; a brace code closing the wrong code is a ReviewError.

    Text that already is tagged text (``<g id="1">…</g>``, as an XLIFF tool or a script posts it) is taken as it is.
    """
    if _TAGGED.search(text):
        try:
            tagged.parse(text)
            return text
        except ProtectionError:
            pass
    try:
        ids = {tok.id for tok in tagged.parse(source) if not isinstance(tok, tagged.Text)}
    except ProtectionError:
        ids = set()
    tokens: list[tagged.Token] = []
    stack: list[str] = []
    pos = 0
    for m in _BRACE.finditer(text):
        closing, code, alone = m.group(1), m.group(2), m.group(3)
        if code not in ids or (closing and alone):
            continue
        if m.start() > pos:
            tokens.append(tagged.Text(text[pos : m.start()]))
        if closing:
            if not stack or stack[-1] != code:
                opened = f"{{{stack[-1]}}}" if stack else "nothing"
                raise ReviewError(f"inline code {{/{code}}} closes {opened}", value=text)
            tokens.append(tagged.Close(stack.pop()))
        elif alone:
            tokens.append(tagged.Standalone(code))
        else:
            stack.append(code)
            tokens.append(tagged.Open(code))
        pos = m.end()
    if pos < len(text):
        tokens.append(tagged.Text(text[pos:]))
    if stack:
        raise ReviewError(f"inline code {{{stack[-1]}}} is never closed (type {{/{stack[-1]}}})", value=text)
    return tagged.serialize(tokens)


def plain(text: str) -> str:
    try:
        return tagged.to_plain(text)
    except ProtectionError:
        return text


# ---------------------------------------------------------------------------------------------- what to show


@dataclass(frozen=True)
class View:
    """Which segments a page shows: a filter (flagged, unreviewed, all), one check id, a text search."""

    filter: str = "flagged"
    check: str | None = None
    query: str = ""

    @classmethod
    def from_query(cls, params: Mapping[str, str]) -> View:
        wanted = params.get("filter") or ("all" if params.get("all") == "1" else "flagged")
        return cls(
            filter=wanted if wanted in FILTERS else "flagged",
            check=params.get("check") or None,
            query=(params.get("q") or "").strip(),
        )

    def shows(self, seg: SegmentReport, lang: str) -> bool:
        if seg.origin is Origin.KEPT:
            return False
        if self.filter == "flagged" and not to_review([seg.translation(lang)]):
            return False
        if self.filter == "unreviewed" and seg.origin is Origin.APPROVED:
            return False
        if self.check is not None and not any(f.code == self.check for f in seg.flags):
            return False
        if self.query:
            needle = self.query.casefold()
            return needle in plain(seg.source).casefold() or needle in plain(seg.target).casefold()
        return True


def select(language: LanguageReport, view: View) -> list[SegmentReport]:
    return [s for s in language.segments if view.shows(s, language.lang)]


def neighbours(language: LanguageReport, segment_id: str) -> tuple[SegmentReport | None, SegmentReport | None]:
    """The segments before and after ``segment_id`` in the release (kept ones skipped)."""
    words = [s for s in language.segments if s.origin is not Origin.KEPT]
    index = next((i for i, s in enumerate(words) if s.id == segment_id), None)
    if index is None:
        return None, None
    return (words[index - 1] if index > 0 else None, words[index + 1] if index + 1 < len(words) else None)


def next_to_review(language: LanguageReport, after: str) -> str | None:
    """The first segment after ``after`` (then from the top) still to review, other than ``after`` itself."""
    pending = [
        s.id for s in language.segments if s.origin is not Origin.KEPT and to_review([s.translation(language.lang)])
    ]
    ids = [s.id for s in language.segments]
    position = ids.index(after) if after in ids else -1
    later = [i for i in pending if ids.index(i) > position and i != after]
    earlier = [i for i in pending if ids.index(i) < position]
    rest = later or earlier
    return rest[0] if rest else None


@dataclass(frozen=True)
class Progress:
    """How far review of one language has come: "3 of 9 reviewed", and how many flags wait."""

    reviewed: int
    total: int
    open_flags: int

    @classmethod
    def of(cls, language: LanguageReport) -> Progress:
        words = [s for s in language.segments if s.origin is not Origin.KEPT]
        pending = to_review(s.translation(language.lang) for s in words)
        return cls(
            reviewed=sum(1 for s in words if s.origin is Origin.APPROVED),
            total=len(words),
            open_flags=sum(len(t.flags) for t in pending),
        )

    @property
    def percent(self) -> int:
        return round(100 * self.reviewed / self.total) if self.total else 100


# ---------------------------------------------------------------------------------------------- history


@dataclass(frozen=True)
class SegmentHistory:
    """One segment's history (newest first), the original machine translation and who approved the current text."""

    events: tuple[HistoryEvent, ...] = ()

    @property
    def machine(self) -> str | None:
        """The machine translation that stood before the first approval, when the memory had kept it."""
        return next((e.previous for e in self.events if e.previous_origin == "mt" and e.previous), None)

    @property
    def latest(self) -> HistoryEvent | None:
        return self.events[0] if self.events else None


def histories(events: Mapping[str, Sequence[HistoryEvent]], language: LanguageReport) -> Mapping[str, SegmentHistory]:
    """Segment id -> its history (by the segment's source text)."""
    return MappingProxyType(
        {s.id: SegmentHistory(tuple(events.get(s.source, ()))) for s in language.segments if s.source in events}
    )


# ---------------------------------------------------------------------------------------------- checks while typing


@dataclass(frozen=True)
class LiveChecker:
    """The check registry run on a target as the translator types it, with the run's glossary and ignored checks."""

    glossary: Glossary | None = None
    ignore: frozenset[str] = field(default_factory=frozenset)

    @classmethod
    def from_settings(cls, settings: Settings) -> LiveChecker:
        glossary = None
        if settings.glossaries:
            glossary = load_glossaries(
                settings.glossaries, source=settings.source.tag, targets=[ls.lang.tag for ls in settings.languages]
            )
        return cls(glossary, settings.ignore_checks)

    def check(self, segment: Segment, target: str, *, source_lang: str, lang: str) -> tuple[Flag, ...]:
        """Every flag the registry raises on ``target`` (tagged text already validated)."""
        try:
            source, language = parse_language(source_lang), parse_language(lang)
        except LanguageError as exc:
            raise ReviewError(f"bad language: {exc.message}", value=exc.value) from exc
        matches = self.glossary.find(segment.source, segment.codes) if self.glossary is not None else ()
        ctx = CheckContext(source=source, target=language, matches=matches, ignore=self.ignore, glossary=self.glossary)
        return run_checks(segment, target, ctx)

    def judge(self, segment: Segment, typed: str, *, source_lang: str, lang: str) -> tuple[str, tuple[Flag, ...]]:
        """The editor's text as tagged text and its flags; a :class:`ReviewError` when it cannot be approved."""
        target = validate_target(segment.source, from_editable(typed, segment.source))
        return target, self.check(segment, target, source_lang=source_lang, lang=lang)
