"""Translating a batch of segments with protection, and recovering the segments whose placeholders did not survive.

The engine is called once with every masked segment. Segments that fail to restore cleanly are translated once
more, all in one recovery batch, in each other placeholder style and with their terms unmasked (then verified in
the output); the cleanest attempt wins. When none is clean the best one is used and the segment is flagged, naming
each term or code that could not be guaranteed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from transpub.checks.applied import applied_terms
from transpub.checks.ids import CheckId
from transpub.checks.markup import code_diff
from transpub.document import Flag, Segment, Severity
from transpub.engines.base import Engine
from transpub.errors import EngineError
from transpub.glossary.applied import AppliedTerm
from transpub.glossary.entry import TermMatch
from transpub.glossary.model import Glossary
from transpub.languages import Language
from transpub.text.placeholders import PlaceholderStyle
from transpub.translate.mask import PRIMARY, RECOVERY, Masked, mask
from transpub.translate.restore import Restored, restore


@dataclass(frozen=True)
class ProtectedResult:
    """The restored target of one segment, what protection had to flag, and the glossary terms applied."""

    segment_id: str
    target: str
    flags: tuple[Flag, ...] = ()
    terms: tuple[AppliedTerm, ...] = ()


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
            flags.append(Flag(CheckId.RECOVERED, Severity.INFO, f"{first.message}; recovered: {how}", first.span))
        flags.extend(_code_changes(seg, chosen.target, flags))
        failures = {p.source_term: p.message for p in chosen.problems if p.source_term}
        terms = applied_terms(
            found, chosen.target, lang, enforced=chosen.enforced, failures=failures, forbidden=forbidden
        )
        results.append(ProtectedResult(seg.id, chosen.target, tuple(flags), terms))
    return results


def _code_changes(segment: Segment, target: str, flags: Sequence[Flag]) -> list[Flag]:
    """The last safety net: inline codes lost or repeated in ``target`` are flagged, however protection lost them
    (for example a code carried inside a term placeholder the engine dropped)."""
    if any(f.code == CheckId.CODE_LOST for f in flags):
        return []
    diff = code_diff(segment.source, target)
    if not diff:
        return []
    return [Flag(CheckId.CODE_LOST, Severity.CRITICAL, diff.message(), (diff.missing or diff.extra)[0])]
