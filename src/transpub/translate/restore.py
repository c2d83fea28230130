"""Restoring engine output: put terms, links and inline codes back, and say what could not be restored exactly.

After the engine, :func:`restore` checks every placeholder came back exactly once, in a valid order, with words
inside each paired code. Nothing shaped like a placeholder is ever left in a target: stray ones are removed from
the joined text until none is left, so the two sides of a removed token cannot join into a new one. Spacing is the
source's: the edges kept aside by masking come back as they were, and the pad spaces put around word-like code
placeholders are taken back out, so an engine that returns its input unchanged gives back exactly the source.

What the engine did wrong becomes :class:`Problem` values under the check ids of :mod:`transpub.checks.ids`; terms
translated unmasked are verified with the glossary checks' own rules (:mod:`transpub.checks.terms`).

>>> from transpub.document import Segment
>>> from transpub.translate.mask import mask
>>> m = mask(Segment("s1", 'See <g id="1">the GCRF site</g> at https://gcrf.org.<x id="2"/>'), (), "pt")
>>> restore(m, "Veja o XG1X site do GCRF XE1X em [T1].").target
'Veja o <g id="1">site do GCRF</g> em https://gcrf.org.<x id="2"/>'
>>> [p.code for p in restore(m, "Veja o site do GCRF em [T1].").problems]
['inline-code-lost']
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from transpub.checks.ids import CheckId
from transpub.checks.terms import altered_keeps, mandated_message, missing_mandated
from transpub.document import Flag, Segment, Severity
from transpub.text.placeholders import LEAK, PlaceholderToken
from transpub.text.tagged import escape, to_plain
from transpub.translate.mask import Masked, Slot


@dataclass(frozen=True)
class Problem:
    """Something the engine did to a placeholder (or a term it did not keep) that restoring could not undo."""

    code: str
    severity: Severity
    message: str
    span: str | None
    source_term: str | None = None  # the glossary source term concerned, for the applied-terms report

    def __post_init__(self) -> None:
        object.__setattr__(self, "code", str(self.code))  # a CheckId, kept as its plain value

    def flag(self) -> Flag:
        return Flag(self.code, self.severity, self.message, self.span)


@dataclass(frozen=True)
class Restored:
    target: str
    problems: tuple[Problem, ...]
    enforced: frozenset[str]


_SENTENCE_START = re.compile(r"(?:^|[.!?…][\"'”»)]*\s+)[\"'“«(¡¿\s]*$")
_DROPPED = "its placeholder was dropped by the engine"
_MERGED = "the engine put it against text that together looked like a placeholder"


def _missing(slot: Slot, what: str = _DROPPED) -> Problem:
    if slot.kind == "keep":
        return Problem(
            CheckId.KEEP_ALTERED,
            Severity.CRITICAL,
            f"keep-term {slot.label!r} could not be kept: {what}",
            slot.label,
            slot.match.entry.source if slot.match else None,
        )
    if slot.kind == "translate":
        source = slot.match.entry.source if slot.match else slot.label
        return Problem(
            CheckId.MANDATED_MISSING,
            Severity.CRITICAL,
            f"mandated term {slot.label!r} (for {source!r}) could not be put in: {what}",
            slot.label,
            source,
        )
    if slot.kind == "link":
        return Problem(
            CheckId.LINK_CHANGED, Severity.CRITICAL, f"{slot.label!r} could not be restored: {what}", slot.label
        )
    return Problem(
        CheckId.CODE_LOST, Severity.CRITICAL, f"untranslatable markup {slot.label!r} was lost: {what}", slot.label
    )


def _code_problem(segment: Segment, code_id: str, kind: str, why: str) -> Problem:
    try:
        markup = segment.code(code_id).opening
    except KeyError:
        markup = ""
    label = f"{kind}{code_id}"
    shown = f" ({markup})" if markup else ""
    return Problem(CheckId.CODE_LOST, Severity.CRITICAL, f"inline code {label}{shown} {why}", label)


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
                    CheckId.TERM_DUPLICATED,
                    Severity.WARNING,
                    f"the engine repeated {slot.label!r} {seen} times",
                    slot.label,
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
                CheckId.PLACEHOLDER_STRIPPED,
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
    """Terms translated without placeholders must be found in the output (the glossary checks' own rules)."""
    problems = [
        Problem(CheckId.KEEP_ALTERED, Severity.CRITICAL, short.message(), short.term, short.entry.source)
        for short in altered_keeps(masked.terms, plain)
    ]
    problems += [
        Problem(CheckId.MANDATED_MISSING, Severity.CRITICAL, mandated_message(term, entry.source), term, entry.source)
        for entry, term in missing_mandated(masked.terms, plain, masked.lang)
    ]
    return problems
