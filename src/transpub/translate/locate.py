"""Finding the engine's own rendering of a glossary term in its translation, to replace it with the mandated one.

The engine translated a sentence without placeholders and used its own words for a term (``comunidades
anfitriãs`` for "host communities", ``o edifício da capacidade`` for "capacity building"). The term was also
translated alone and in a few short variants (:func:`variants`); each rendering's content words are looked for in
the sentence, inflection-aware (:func:`same_word`: ``anfitriãs`` ~ ``anfitriã``, ``Director-Geral`` ~
``Diretor-Geral``), and the window that holds most of them, with at most one other content word inside, is the
span to replace.

>>> locate("As comunidades anfitriãs estão compartilhando escolas.", ["comunidade anfitriã"], "pt")
Span(start=3, end=24, score=1.0, words=2)
>>> locate("O edifício da capacidade está no coração.", ["construção de capacidade", "o edifício de capacidade"],
...        "pt")
Span(start=2, end=24, score=0.98, words=2)
>>> locate("Nada a ver aqui.", ["comunidade anfitriã"], "pt") is None
True
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz

from transpub.glossary.entry import TermKind, TermMatch
from transpub.glossary.inflection import PHRASE_BREAKS, base_language, stem
from transpub.translate.agreement import DETERMINERS

_WORDS = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*")
_ENGLISH_FUNCTION = frozenset(["the", "a", "an", "of", "for", "to", "in", "on", "and"])
MIN_SCORE = 0.5  # share of a rendering's content words a span must hold


def _function_words(lang: str) -> frozenset[str]:
    base = base_language(lang)
    words = set(PHRASE_BREAKS.get(base, frozenset())) | _ENGLISH_FUNCTION
    for row in DETERMINERS.get(base, ()):
        words.update(w for form in row if form for w in form.split())
    return frozenset(words)


_FUNCTION = {lang: _function_words(lang) for lang in ("pt", "es", "fr")}


def function_words(lang: str) -> frozenset[str]:
    """Articles, determiners, prepositions and conjunctions of ``lang`` (ignored when comparing renderings)."""
    base = base_language(lang)
    return _FUNCTION.get(base) or _function_words(base)


def content_words(text: str, lang: str) -> list[str]:
    """The words of ``text`` that carry meaning (function words left out).

    >>> content_words("o edifício de capacidade", "pt")
    ['edifício', 'capacidade']
    """
    skip = function_words(lang)
    return [w for w in _WORDS.findall(text) if w.lower() not in skip]


def _prefix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


def same_word(a: str, b: str, lang: str) -> bool:
    """Whether two words are forms of one word (number, gender, spelling variant), by stem and similarity.

    >>> same_word("anfitriãs", "anfitriã", "pt"), same_word("Director-Geral", "Diretor-Geral", "pt")
    (True, True)
    >>> same_word("capacitação", "capacidade", "pt"), same_word("costa", "costeira", "pt")
    (True, False)
    """
    sa, sb = stem(a, lang), stem(b, lang)
    if sa == sb:
        return True
    shorter = min(len(sa), len(sb))
    if shorter < 4:
        return False
    if fuzz.ratio(sa, sb) >= 85:
        return True
    common = _prefix(sa, sb)
    return common >= 5 and common >= 0.6 * shorter


@dataclass(frozen=True)
class Span:
    """Where a rendering of the term is in the text, and how much of it was found there (0-1)."""

    start: int
    end: int
    score: float
    words: int = 1  # how many of the span's words are words of the rendering


def _windows(
    words: Sequence[tuple[int, int, str]], rendering: Sequence[str], lang: str, skip: frozenset[str]
) -> Iterable[Span]:
    k = len(rendering)
    hits = [{r for r, token in enumerate(rendering) if same_word(w, token, lang)} for _, _, w in words]
    for i, first in enumerate(hits):
        if not first:
            continue
        matched: set[int] = set()
        strangers = 0
        function = 0
        found = 0
        for j in range(i, min(len(words), i + k + 2)):
            if hits[j]:
                matched |= hits[j]
                found += 1
                score = len(matched) / k - 0.15 * strangers - 0.02 * function
                yield Span(words[i][0], words[j][1], round(min(score, 1.0), 3), found)
            elif words[j][2].lower() in skip:
                function += 1
            else:
                strangers += 1
                if strangers > 1:
                    break


def locate(text: str, renderings: Iterable[str], lang: str, *, avoid: Sequence[tuple[int, int]] = ()) -> Span | None:
    """The span of ``text`` that best matches one of the ``renderings`` (most of its content words, few others),
    clear of the ``avoid`` spans (other terms already in place); None when no span holds at least half of one."""
    words = [(m.start(), m.end(), m.group(0)) for m in _WORDS.finditer(text)]
    skip = function_words(lang)
    best: Span | None = None
    for rendering in dict.fromkeys(renderings):
        tokens = content_words(rendering, lang)
        if not tokens or (len(tokens) == 1 and len(tokens[0]) < 4):
            continue
        for span in _windows(words, tokens, lang, skip):
            if span.score < MIN_SCORE or any(a < span.end and span.start < b for a, b in avoid):
                continue
            if best is None or _rank(span) > _rank(best):
                best = span
    return best


def _rank(span: Span) -> tuple[int, float, int]:
    """More of a rendering's words first (``surto de tempestade`` over ``tempestade``), then the better share."""
    return (span.words, span.score, span.end - span.start)


def word_variants(match: TermMatch) -> tuple[str, ...]:
    """The content words of a multi-word term, to translate one by one (``storm surges`` -> ``storm``, ``surges``):
    the engine may render a term word by word in a sentence (``ondas de tempestade``).

    >>> from transpub.glossary.entry import GlossaryEntry, TermKind
    >>> word_variants(TermMatch(GlossaryEntry("storm surge", TermKind.TRANSLATE), 0, 12, "Storm surges", plural=True))
    ('storm', 'surges')
    """
    words = [w for w in _WORDS.findall(match.core) if w.lower() not in _ENGLISH_FUNCTION]
    if len(words) < 2 or (match.entry.kind is TermKind.KEEP and match.entry.case_sensitive):
        return ()
    return tuple(dict.fromkeys(w if match.entry.case_sensitive else w.lower() for w in words))


def variants(match: TermMatch) -> tuple[str, ...]:
    """The English texts to translate alone to learn how the engine renders a term: the term as the source has it,
    in lower case, and after "the" (an article makes many engines choose the noun's usual gender and number).

    >>> from transpub.glossary.entry import GlossaryEntry, TermKind
    >>> variants(TermMatch(GlossaryEntry("storm surge", TermKind.TRANSLATE), 0, 12, "Storm surges", plural=True))
    ('Storm surges', 'storm surges', 'the storm surges', 'storm surge')
    """
    core = match.core
    forms = [core]
    if not match.entry.case_sensitive:
        forms += [core.lower(), f"the {core.lower()}"]
    if core.lower() != match.entry.source.lower():
        forms.append(match.entry.source if match.entry.case_sensitive else match.entry.source.lower())
    return tuple(dict.fromkeys(forms))
