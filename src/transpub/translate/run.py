"""Translating segments into one language: memory first, protected MT for the rest, then QA checks.

This is the policy layer around an engine (conventions: protection, memory and checks wrap the engine, never live
inside it):

1. segments with nothing to translate (no letters) are kept as they are;
2. an approved memory entry always wins; a machine entry is reused when it came from the same engine and model and
   the glossary entries that concern the segment have not changed (its *fingerprint*);
3. everything else goes to the engine in **one** batched call per language (across every release of the run),
   through :func:`transpub.translate.protect.translate_protected`, which hides glossary terms and inline codes;
4. every target, reused or new, is checked by the registry in :mod:`transpub.checks`;
5. new machine output is stored in the memory.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TYPE_CHECKING

from transpub.document import Flag, Origin, Segment, Severity, Translation
from transpub.memory.reuse import Decision, decide
from transpub.text.tagged import to_plain

if TYPE_CHECKING:
    from transpub.engines.base import Engine
    from transpub.glossary import Glossary
    from transpub.languages import Language
    from transpub.memory.store import TranslationMemory

SOURCE_CHANGED = "source-changed-since-approval"
APPROVAL_INVALID = "approval-invalid"


@dataclass(frozen=True)
class LanguageRun:
    """What translating a set of segments into one language produced."""

    lang: str
    engine: str
    model: str
    translations: Mapping[str, Translation]  # keyed by segment source (tagged) text
    terms: Mapping[str, tuple[object, ...]] = field(default_factory=lambda: MappingProxyType({}))
    machine_translated: int = 0
    reused: int = 0

    def for_segment(self, segment: Segment) -> Translation:
        """The translation of ``segment`` with its own id (segments with the same text share one translation)."""
        t = self.translations[segment.source]
        return t if t.segment_id == segment.id else dataclasses.replace(t, segment_id=segment.id)


def has_words(tagged: str) -> bool:
    """Whether a segment holds anything an engine should translate (a letter in any script).

    >>> has_words("40,000 – 2026"), has_words("Vitorino"), has_words("العربية")
    (False, True, True)
    """
    return any(ch.isalpha() for ch in to_plain(tagged))


def _merge_flags(*groups: Iterable[Flag]) -> tuple[Flag, ...]:
    seen: dict[tuple[str, str | None], Flag] = {}
    for group in groups:
        for flag in group:
            seen.setdefault((flag.code, flag.span), flag)
    order = {Severity.CRITICAL: 0, Severity.WARNING: 1, Severity.INFO: 2}
    return tuple(sorted(seen.values(), key=lambda f: order[f.severity]))


def translate_segments(
    segments: Sequence[Segment],
    *,
    source: Language,
    target: Language,
    engine: Engine,
    glossary: Glossary | None = None,
    memory: TranslationMemory | None = None,
    ignore_checks: frozenset[str] = frozenset(),
    replaced: Mapping[str, str] | None = None,
) -> LanguageRun:
    """Translate ``segments`` (of one or many releases) into ``target``.

    ``replaced`` maps a new source text to the source text it replaced at the same place since the last publish, so
    a sentence whose approved translation no longer matches its source is flagged with the old approved wording as a
    suggestion.
    """
    from transpub.checks import CheckContext, run_checks
    from transpub.glossary.applied import applied_terms
    from transpub.translate.protect import translate_protected

    model = engine.model_id(source.tag, target.tag)
    unique: dict[str, Segment] = {}
    for seg in segments:
        unique.setdefault(seg.source, seg)

    matches = {src: (glossary.find(src, seg.codes) if glossary is not None else ()) for src, seg in unique.items()}
    fingerprints: dict[str, str | None] = {
        src: (glossary.fingerprint(matches[src], target.tag) if glossary is not None else None) for src in unique
    }
    entries = memory.lookup_many(unique, source.tag, target.tag) if memory is not None else {}

    results: dict[str, Translation] = {}
    terms: dict[str, tuple[object, ...]] = {}
    pending: list[Segment] = []
    reused = 0
    invalid_approvals: dict[str, Flag] = {}
    for src, seg in unique.items():
        entry = entries.get(src)
        if entry is not None and entry.origin is Origin.APPROVED:
            problem = _approval_problem(src, entry.target)
            if problem is not None:
                # A broken approval (edited by hand, or from an older version) must not block the whole publish:
                # the segment is translated again and the reviewer is told why.
                invalid_approvals[src] = Flag(
                    APPROVAL_INVALID, Severity.WARNING, f"approved translation ignored: {problem}", span=None
                )
                entry = None
        if not has_words(src):
            results[src] = Translation(seg.id, target.tag, src, src, Origin.KEPT)
        elif entry is not None and decide(entry, engine=engine.name, model=model, fingerprint=fingerprints[src]) is (
            Decision.REUSE
        ):
            origin = Origin.APPROVED if entry.origin is Origin.APPROVED else Origin.MEMORY
            results[src] = Translation(seg.id, target.tag, src, entry.target, origin, engine=entry.engine)
            reused += 1
        else:
            pending.append(seg)

    protect_flags: dict[str, tuple[Flag, ...]] = {}
    if pending:
        outcome = translate_protected(engine, pending, source=source, target=target, glossary=glossary)
        for seg, res in zip(pending, outcome, strict=True):
            results[seg.source] = Translation(seg.id, target.tag, seg.source, res.target, Origin.MT, engine=engine.name)
            protect_flags[seg.source] = tuple(res.flags)
            terms[seg.source] = tuple(res.terms)
        if memory is not None:
            memory.store_machine(
                [(seg.source, results[seg.source].target) for seg in pending if not _has_critical(protect_flags, seg)],
                source.tag,
                target.tag,
                engine=engine.name,
                model=model,
                fingerprints={seg.source: fp for seg in pending if (fp := fingerprints[seg.source]) is not None},
            )

    # "Source changed since approval": the same place held another sentence that a translator had approved.
    suggestions: dict[str, tuple[str, str]] = {}
    if replaced and memory is not None:
        old_by_src = {new: old for new, old in replaced.items() if new in results and new != old}
        if old_by_src:
            old_entries = memory.lookup_many(set(old_by_src.values()), source.tag, target.tag)
            for new_src, old_src in old_by_src.items():
                old = old_entries.get(old_src)
                if old is not None and old.origin is Origin.APPROVED and results[new_src].origin is not Origin.APPROVED:
                    suggestions[new_src] = (old_src, old.target)

    final: dict[str, Translation] = {}
    for src, t in results.items():
        seg = unique[src]
        flags: tuple[Flag, ...] = ()
        if t.origin is not Origin.KEPT:
            ctx = CheckContext(
                source=source, target=target, matches=matches[src], ignore=ignore_checks, glossary=glossary
            )
            flags = _merge_flags(
                protect_flags.get(src, ()),
                run_checks(seg, t.target, ctx),
                [invalid_approvals[src]] if src in invalid_approvals else [],
            )
        suggestion = None
        if src in suggestions:
            old_src, old_target = suggestions[src]
            suggestion = old_target
            flags = _merge_flags(
                flags,
                [
                    Flag(
                        SOURCE_CHANGED,
                        Severity.WARNING,
                        "source changed since approval; the approved translation of the old sentence is offered "
                        "as a suggestion",
                        span=to_plain(old_src),
                    )
                ],
            )
        if glossary is not None and src not in terms and t.origin is not Origin.KEPT:
            terms[src] = applied_terms(matches[src], t.target, target.tag, forbidden=glossary.forbidden(target.tag))
        final[src] = Translation(t.segment_id, t.lang, t.source, t.target, t.origin, flags, t.engine, suggestion)

    return LanguageRun(
        lang=target.tag,
        engine=engine.name,
        model=model,
        translations=MappingProxyType(final),
        terms=MappingProxyType(terms),
        machine_translated=len(pending),
        reused=reused,
    )


def _approval_problem(source: str, target: str) -> str | None:
    """Why an approved target cannot be used for ``source`` (broken or foreign inline codes, empty…), or None."""
    from transpub.errors import ReviewError
    from transpub.review.validate import validate_target

    try:
        validate_target(source, target)
    except ReviewError as exc:
        return exc.message
    return None


def _has_critical(flags: Mapping[str, tuple[Flag, ...]], seg: Segment) -> bool:
    """Machine output whose protection failed critically is not remembered, so the next run tries again."""
    return any(f.severity is Severity.CRITICAL for f in flags.get(seg.source, ()))
