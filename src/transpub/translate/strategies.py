"""Term strategies: let the engine translate words, then enforce the glossary, segment by segment.

Masking terms behind placeholders keeps every term but costs grammar: the engine sees an opaque ``[T1]`` and loses
the noun's gender, number and article. So, per segment (``[glossary] strategy = "auto"``, the default):

* ``engine`` — the segment is translated unmasked (links and inline codes still protected); when every mandated
  term (in an accepted inflected form) and every keep-term is there, the engine's sentence is kept;
* ``agree`` — the same, with only the words around a keep-term made to agree with the gender the glossary gives
  it (``a GCRF`` -> ``o GCRF``);
* ``replace`` — otherwise the engine's own rendering of each missed term is found in its output (the term was also
  translated alone and in short variants, all in one batch, cached for the run: :mod:`~transpub.translate.locate`)
  and replaced with the mandated term in the source's number (:mod:`transpub.glossary.inflection`), or with the
  keep-term; determiners, contractions and safe adjectives are then made to agree
  (:mod:`~transpub.translate.agreement`);
* ``mask`` — only where no rendering is found: today's placeholder masking with its recovery batch;
* ``scored`` — where the engine can score candidates (``score_batch``: Argos through CTranslate2), the candidates
  that satisfy the glossary (replace and mask) are scored in one batch and the most probable one wins.

``strategy = "mask"`` keeps the old behaviour (every term masked). Every step is one batched engine call for all
segments of the language: unmasked, term variants, masking (+ its recovery batch), scoring.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from transpub.checks.applied import applied_terms
from transpub.checks.ids import CheckId
from transpub.checks.markup import code_diff
from transpub.checks.terms import altered_keeps, missing_mandated
from transpub.document import Flag, Segment, Severity
from transpub.errors import ConfigError, EngineError
from transpub.glossary.applied import AppliedTerm
from transpub.glossary.entry import GlossaryEntry, TermKind, TermMatch
from transpub.glossary.inflection import pluralize
from transpub.glossary.target import find_mandated
from transpub.text.placeholders import LINK
from transpub.text.tagged import Text, parse, serialize, to_plain
from transpub.translate.agreement import agree, guess_form
from transpub.translate.locate import locate, variants, word_variants
from transpub.translate.mask import PRIMARY, RECOVERY, mask
from transpub.translate.recovery import translate_protected
from transpub.translate.restore import Restored, restore

if TYPE_CHECKING:
    from transpub.engines.base import Engine
    from transpub.glossary.model import Glossary
    from transpub.languages import Language

ENGINE, AGREE, REPLACE, MASK, SCORED = "engine", "agree", "replace", "mask", "scored"
STRATEGIES = (ENGINE, AGREE, REPLACE, MASK, SCORED)
MODES = ("auto", "mask")  # the [glossary] strategy setting


@dataclass(frozen=True)
class TermResult:
    """One segment's target, its flags and applied terms, and which strategy produced it."""

    segment_id: str
    target: str
    flags: tuple[Flag, ...] = ()
    terms: tuple[AppliedTerm, ...] = ()
    strategy: str = ENGINE


def check_mode(mode: str) -> str:
    if mode not in MODES:
        raise ConfigError(f"glossary.strategy must be one of {', '.join(MODES)}", value=mode)
    return mode


def _batch(engine: Engine, texts: Sequence[str], source: Language, target: Language) -> list[str]:
    """One engine call for ``texts`` (the empty ones are not sent)."""
    todo = [i for i, t in enumerate(texts) if t.strip()]
    out = engine.translate_batch([texts[i] for i in todo], source.tag, target.tag) if todo else []
    if len(out) != len(todo):
        raise EngineError(
            f"engine {engine.name!r} returned {len(out)} translations for {len(todo)} texts",
            value=f"{source.tag}->{target.tag}",
        )
    result = list(texts)
    for i, text in zip(todo, out, strict=True):
        result[i] = text
    return result


@dataclass
class _Segment:
    """One segment on its way through the strategies."""

    segment: Segment
    matches: tuple[TermMatch, ...]
    target: str = ""
    problems: tuple[Flag, ...] = ()
    strategy: str = ENGINE
    enforced: set[str] = field(default_factory=set)
    unsure: list[Flag] = field(default_factory=list)
    candidates: dict[str, tuple[str, tuple[Flag, ...]]] = field(default_factory=dict)  # glossary-satisfying


def _style_for(segment: Segment) -> Any:
    for style in (PRIMARY, *RECOVERY):
        if not style.occurs_in(segment.source):
            return style
    return PRIMARY


def _missing(item: _Segment, lang: str) -> list[TermMatch]:
    """The matches whose mandated term or keep-term the current target lacks (one per entry)."""
    plain = to_plain(item.target)
    missed = {entry.source for entry, _ in missing_mandated(item.matches, plain, lang)}
    missed |= {short.entry.source for short in altered_keeps(item.matches, plain)}
    seen: set[str] = set()
    out: list[TermMatch] = []
    for m in item.matches:
        if m.entry.source in missed and m.entry.source not in seen:
            seen.add(m.entry.source)
            out.append(m)
    return out


def term_form(match: TermMatch, lang: str) -> tuple[str, str, str | None, Flag | None]:
    """What goes in for ``match``: (text, number, gender, a flag when the plural was a guess)."""
    entry = match.entry
    grammar = entry.grammar_for(lang)
    if entry.kind is TermKind.KEEP:
        return match.core, grammar.number or "sg", grammar.gender, None
    term = entry.target(lang) or ""
    guessed = guess_form(term, lang)  # "Estados-Membros" is plural already
    gender = grammar.gender or (guessed.gender if guessed else None)
    number = grammar.number or (guessed.number if guessed else "sg")
    flag = None
    if match.plural and number != "pl":
        inflected = pluralize(term, lang, plural=grammar.plural)
        term, number = inflected.text, "pl"
        if not inflected.sure:
            flag = Flag(
                CheckId.INFLECTION_UNSURE,
                Severity.WARNING,
                f"plural of mandated term {entry.target(lang)!r} is a guess ({inflected.reason}); check {term!r}",
                term,
            )
    return term, number, gender, flag


_SENTENCE_START = re.compile(r"(?:^|[.!?…][\"'”»)]*\s+)[\"'“«(¡¿\s]*$")


def _protected_spans(plain: str, item: _Segment, lang: str, skip: GlossaryEntry) -> list[tuple[int, int]]:
    """Spans of the other terms already in place, and of links, which a replacement must not touch."""
    spans: list[tuple[int, int]] = [m.span() for m in LINK.finditer(plain)]
    for m in item.matches:
        if m.entry is skip:
            continue
        if m.entry.kind is TermKind.KEEP:
            spans += [x.span() for x in re.finditer(re.escape(m.core), plain)]
        elif m.entry.kind is TermKind.TRANSLATE and (term := m.entry.target(lang)):
            found = find_mandated(plain, term, lang, plural=m.entry.grammar_for(lang).plural)
            if found is not None:
                spans.append(found.span())
    return spans


def _replace(item: _Segment, match: TermMatch, renderings: Sequence[str], lang: str) -> bool:
    """Put ``match``'s term where the engine's rendering of it is; True when a span was found."""
    tokens = parse(item.target)
    plain = to_plain(item.target)
    avoid = _protected_spans(plain, item, lang, match.entry)
    offset = 0
    for index, tok in enumerate(tokens):
        if not isinstance(tok, Text):
            continue
        local_avoid = [(a - offset, b - offset) for a, b in avoid]
        span = locate(tok.text, renderings, lang, avoid=local_avoid)
        if span is None:
            offset += len(tok.text)
            continue
        text, number, gender, flag = term_form(match, lang)
        old = tok.text[span.start : span.end]
        before = plain[:offset] + tok.text[: span.start]
        if match.entry.kind is TermKind.TRANSLATE and _SENTENCE_START.search(before):
            text = text[:1].upper() + text[1:]
        new_text = tok.text[: span.start] + text + tok.text[span.end :]
        agreed = agree(new_text, span.start, span.start + len(text), lang=lang, gender=gender, number=number, old=old)
        tokens[index] = Text(agreed.text)
        item.target = serialize(tokens)
        item.enforced.add(match.entry.source)
        if flag is not None:
            item.unsure.append(flag)
        return True
    return False


def _agree_keeps(item: _Segment, lang: str) -> bool:
    """Make determiners and predicates agree with each keep-term that has a gender for ``lang``."""
    changed = False
    for m in item.matches:
        gender = m.entry.grammar_for(lang).gender
        if m.entry.kind is not TermKind.KEEP or gender is None:
            continue
        tokens = parse(item.target)
        for index, tok in enumerate(tokens):
            if not isinstance(tok, Text):
                continue
            text = tok.text
            for found in reversed(list(re.finditer(rf"(?<!\w){re.escape(m.core)}(?!\w)", text))):
                number = m.entry.grammar_for(lang).number or "sg"
                agreed = agree(
                    text,
                    found.start(),
                    found.end(),
                    lang=lang,
                    gender=gender,
                    number=number,
                    old=m.core,
                    require_determiner=True,
                )
                text = agreed.text
            if text != tok.text:
                tokens[index] = Text(text)
                changed = True
        item.target = serialize(tokens)
    return changed


def _agree_masked(target: str, matches: Sequence[TermMatch], lang: str) -> str:
    """After masking, the engine agreed its words with a placeholder: make the predicate follow each term."""
    tokens = parse(target)
    for m in matches:
        text, number, gender, _ = term_form(m, lang)
        if gender is None or m.entry.kind is TermKind.FORBIDDEN:
            continue
        for index, tok in enumerate(tokens):
            if not isinstance(tok, Text):
                continue
            found = re.search(rf"(?<!\w){re.escape(text)}(?!\w)", tok.text, re.IGNORECASE)
            if found is not None:
                agreed = agree(tok.text, found.start(), found.end(), lang=lang, gender=gender, number=number)
                tokens[index] = Text(agreed.text)
    return serialize(tokens)


def translate_terms(
    engine: Engine,
    segments: Sequence[Segment],
    *,
    source: Language,
    target: Language,
    glossary: Glossary | None,
    mode: str = "auto",
) -> list[TermResult]:
    """Translate ``segments`` into ``target`` with the glossary enforced by the strategy each segment needs."""
    check_mode(mode)
    lang = target.tag
    if glossary is None or mode == "mask":
        found = [glossary.find(s.source, s.codes) if glossary is not None else () for s in segments]
        results = translate_protected(engine, segments, source=source, target=target, glossary=glossary)
        return [
            TermResult(r.segment_id, r.target, r.flags, r.terms, MASK if _maskable(f) else ENGINE)
            for r, f in zip(results, found, strict=True)
        ]
    items = [_Segment(s, glossary.find(s.source, s.codes)) for s in segments]
    _unmasked(engine, items, source, target)
    needs = [item for item in items if item.strategy == REPLACE]
    _replace_all(engine, needs, source, target)
    scorer = getattr(engine, "score_batch", None)
    masked = [item for item in items if item.strategy == MASK or (scorer is not None and item.strategy == REPLACE)]
    if masked:
        protected = translate_protected(
            engine, [i.segment for i in masked], source=source, target=target, glossary=glossary
        )
        for item, res in zip(masked, protected, strict=True):
            res_target = _agree_masked(res.target, item.matches, lang)
            if item.strategy == MASK:
                item.target, item.problems = res_target, res.flags
            if not any(f.severity is Severity.CRITICAL for f in res.flags):
                item.candidates[MASK] = (res_target, res.flags)
    if scorer is not None:
        _score(scorer, items, source, target)
    forbidden = glossary.forbidden(lang)
    out: list[TermResult] = []
    for item in items:
        flags = list(item.problems) + item.unsure
        diff = code_diff(item.segment.source, item.target)
        if diff and not any(f.code == CheckId.CODE_LOST for f in flags):
            flags.append(Flag(CheckId.CODE_LOST, Severity.CRITICAL, diff.message(), (diff.missing or diff.extra)[0]))
        enforced = item.enforced if item.strategy != MASK else {m.entry.source for m in item.matches}
        terms = applied_terms(item.matches, item.target, lang, enforced=enforced, forbidden=forbidden)
        out.append(TermResult(item.segment.id, item.target, tuple(flags), terms, item.strategy))
    return out


def _maskable(matches: Sequence[TermMatch]) -> bool:
    return any(m.entry.kind is not TermKind.FORBIDDEN for m in matches)


_TERM_PROBLEMS = frozenset({CheckId.MANDATED_MISSING, CheckId.KEEP_ALTERED})


def _unmasked(engine: Engine, items: Sequence[_Segment], source: Language, target: Language) -> None:
    """Strategy (a): one batch with terms unmasked; decide which segments need (b) or (c)."""
    lang = target.tag
    masks = [mask(i.segment, i.matches, lang, _style_for(i.segment), mask_terms=False) for i in items]
    outputs = _batch(engine, [m.text if m.needs_engine else "" for m in masks], source, target)
    for item, masked, out in zip(items, masks, outputs, strict=True):
        restored: Restored = restore(masked, out if masked.needs_engine else masked.text)
        item.target = restored.target
        other = [p for p in restored.problems if p.code not in _TERM_PROBLEMS]
        item.problems = tuple(p.flag() for p in other)
        if any(p.severity is Severity.CRITICAL for p in other):
            item.strategy = MASK  # a code or link did not survive: masking has the recovery for that
        elif _missing(item, lang):
            item.strategy = REPLACE
        elif _agree_keeps(item, lang):
            item.strategy = AGREE


def _replace_all(engine: Engine, items: Sequence[_Segment], source: Language, target: Language) -> None:
    """Strategy (b) for ``items``: the term variants of every missed term in one batch, then replacement."""
    lang = target.tag
    wanted: dict[str, None] = {}
    for item in items:
        for m in _missing(item, lang):
            wanted.update(dict.fromkeys((*variants(m), *word_variants(m))))
    texts = list(wanted)
    rendered = dict(zip(texts, _batch(engine, texts, source, target), strict=True))  # cached for the run
    for item in items:
        for _ in range(3):
            missed = _missing(item, lang)
            if not missed:
                break
            progress = False
            for m in missed:
                renderings = [rendered[v] for v in variants(m)]
                if words := word_variants(m):  # the term-alone rendering and each word's, as one rendering
                    renderings.append(" ".join([renderings[0], *(rendered[w] for w in words)]))
                if m.entry.kind is TermKind.TRANSLATE and (term := m.entry.target(lang)):
                    renderings += [term, pluralize(term, lang, plural=m.entry.grammar_for(lang).plural).text]
                else:
                    renderings.append(m.core)
                progress |= _replace(item, m, renderings, lang)
            if not progress:
                break
        if _missing(item, lang):
            item.strategy = MASK
        else:
            _agree_keeps(item, lang)
            item.candidates[REPLACE] = (item.target, item.problems)


def _score(scorer: Any, items: Sequence[_Segment], source: Language, target: Language) -> None:
    """Strategy (d): score every glossary-satisfying candidate of every segment in one batch; the most probable wins."""
    multi = [(item, name, cand) for item in items if len(item.candidates) > 1 for name, cand in item.candidates.items()]
    if not multi:
        return
    scores = scorer(
        [to_plain(i.segment.source) for i, _, _ in multi], [to_plain(c[0]) for _, _, c in multi], source.tag, target.tag
    )
    best: dict[int, tuple[float, tuple[str, tuple[Flag, ...]]]] = {}
    for (item, _, cand), score in zip(multi, scores, strict=True):
        if id(item) not in best or score > best[id(item)][0]:
            best[id(item)] = (score, cand)
    for item in items:
        if id(item) in best:
            item.target, item.problems = best[id(item)][1]
            item.strategy = SCORED


__all__ = ["MODES", "STRATEGIES", "TermResult", "check_mode", "term_form", "translate_terms"]
