"""Translating segments into one language: memory first, protected MT for the rest, then QA checks, then memory.

This is the policy layer around an engine (conventions: protection, memory and checks wrap the engine, never live
inside it). :func:`translate_segments` runs these named steps in order:

1. :func:`_reuse` — segments with nothing to translate (no letters) are kept as they are; an approved memory
   entry always wins (:func:`_usable_approvals` drops approvals that no longer fit their source, with a flag); a
   machine entry is reused when it came from the same engine and model and the glossary entries that concern the
   segment have not changed (its *fingerprint*);
2. :func:`_machine_translate` — everything else goes to the engine in **one** batched call per language (across
   every release of the run), through :func:`transpub.translate.strategies.translate_terms`, which lets the engine
   translate words, then enforces the glossary per segment (masking with recovery where it must);
3. :func:`_suggestions` — a sentence that replaced an approved one at the same place gets the old wording offered;
4. :func:`_estimate` — with ``qe.estimate``, the quality-estimation inputs of every machine target (new or from
   the memory) are computed in one batch: back-translations by the reverse engine, model scores
   (:func:`transpub.checks.qe.qe_inputs`);
5. :func:`_check` — every target, reused or new, is checked by the registry in :mod:`transpub.checks`;
6. :func:`_remember` — new machine output is stored in the memory, after the checks.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType

from transpub.checks import CheckContext, run_checks
from transpub.checks.applied import applied_terms
from transpub.checks.ids import NOT_FOR_PSEUDO, CheckId
from transpub.checks.qe import QeBatch, qe_inputs, with_qe
from transpub.checks.qeconfig import DEFAULT_QE, QeConfig
from transpub.checks.validate import approval_flag, source_changed_flag
from transpub.document import Flag, Origin, Segment, Severity, Translation
from transpub.engines.base import Engine
from transpub.glossary.entry import TermMatch
from transpub.glossary.model import Glossary
from transpub.languages import Language
from transpub.memory.reuse import Decision, decide
from transpub.memory.store import MemoryEntry, TranslationMemory
from transpub.text.tagged import to_plain
from transpub.text.xmlsafe import xml_safe
from transpub.translate.strategies import translate_terms

# Kept for importers of the old names; the ids themselves live in transpub.checks.ids.
SOURCE_CHANGED = CheckId.SOURCE_CHANGED
APPROVAL_INVALID = CheckId.APPROVAL_INVALID


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


@dataclass(frozen=True)
class _Job:
    """The unique source texts of one language run and what the glossary says about each."""

    source: Language
    target: Language
    engine: Engine
    model: str
    unique: Mapping[str, Segment]  # source text -> its first segment
    matches: Mapping[str, tuple[TermMatch, ...]]
    fingerprints: Mapping[str, str | None]
    glossary: Glossary | None


def _job(
    segments: Sequence[Segment], source: Language, target: Language, engine: Engine, glossary: Glossary | None
) -> _Job:
    unique: dict[str, Segment] = {}
    for seg in segments:
        unique.setdefault(seg.source, seg)
    matches = {src: (glossary.find(src, seg.codes) if glossary is not None else ()) for src, seg in unique.items()}
    fingerprints = {
        src: (glossary.fingerprint(matches[src], target.tag) if glossary is not None else None) for src in unique
    }
    model = engine.model_id(source.tag, target.tag)
    return _Job(source, target, engine, model, unique, matches, fingerprints, glossary)


def _usable_approvals(entries: Mapping[str, MemoryEntry]) -> tuple[dict[str, MemoryEntry], dict[str, Flag]]:
    """Memory entries less the approvals that no longer fit their source, and a flag for each one dropped."""
    usable: dict[str, MemoryEntry] = {}
    invalid: dict[str, Flag] = {}
    for src, entry in entries.items():
        problem = approval_flag(src, entry.target) if entry.origin is Origin.APPROVED else None
        if problem is None:
            usable[src] = entry
        else:
            invalid[src] = problem
    return usable, invalid


def _reuse(job: _Job, entries: Mapping[str, MemoryEntry]) -> tuple[dict[str, Translation], list[Segment]]:
    """Kept segments and reusable memory entries as translations; the segments left for the engine."""
    results: dict[str, Translation] = {}
    pending: list[Segment] = []
    lang = job.target.tag
    for src, seg in job.unique.items():
        entry = entries.get(src)
        if not has_words(src):
            results[src] = Translation(seg.id, lang, src, src, Origin.KEPT)
        elif entry is not None and (
            decide(entry, engine=job.engine.name, model=job.model, fingerprint=job.fingerprints[src]) is Decision.REUSE
        ):
            origin = Origin.APPROVED if entry.origin is Origin.APPROVED else Origin.MEMORY
            results[src] = Translation(seg.id, lang, src, entry.target, origin, engine=entry.engine)
        else:
            pending.append(seg)
    return results, pending


def _machine_translate(
    job: _Job, pending: Sequence[Segment], term_strategy: str = "auto"
) -> tuple[dict[str, Translation], dict[str, tuple[Flag, ...]], dict[str, tuple[object, ...]]]:
    """Batched engine calls for ``pending`` with the glossary enforced by :mod:`transpub.translate.strategies`
    (``term_strategy``: ``auto`` or ``mask``): translations, protection's flags and applied terms by source."""
    results: dict[str, Translation] = {}
    flags: dict[str, tuple[Flag, ...]] = {}
    terms: dict[str, tuple[object, ...]] = {}
    if not pending:
        return results, flags, terms
    outcome = translate_terms(
        job.engine, pending, source=job.source, target=job.target, glossary=job.glossary, mode=term_strategy
    )
    for seg, res in zip(pending, outcome, strict=True):
        # engine output is the one text no boundary refused: keep it XML-1.0-safe for pages, memory and XLIFF
        target = xml_safe(res.target)
        results[seg.source] = Translation(
            seg.id, job.target.tag, seg.source, target, Origin.MT, engine=job.engine.name, strategy=res.strategy
        )
        flags[seg.source] = tuple(res.flags)
        terms[seg.source] = tuple(res.terms)
    return results, flags, terms


def _suggestions(
    job: _Job,
    memory: TranslationMemory | None,
    replaced: Mapping[str, str] | None,
    results: Mapping[str, Translation],
) -> dict[str, tuple[str, str]]:
    """New source -> (old source, its approved target) where the same place held another, approved sentence."""
    suggestions: dict[str, tuple[str, str]] = {}
    if not replaced or memory is None:
        return suggestions
    old_by_src = {new: old for new, old in replaced.items() if new in results and new != old}
    if not old_by_src:
        return suggestions
    old_entries = memory.lookup_many(set(old_by_src.values()), job.source.tag, job.target.tag)
    for new_src, old_src in old_by_src.items():
        old = old_entries.get(old_src)
        if old is not None and old.origin is Origin.APPROVED and results[new_src].origin is not Origin.APPROVED:
            suggestions[new_src] = (old_src, old.target)
    return suggestions


def _estimate(job: _Job, results: Mapping[str, Translation]) -> tuple[QeBatch | None, dict[str, int]]:
    """QE inputs for every machine target (one batched reverse call, one scoring call), and each source's index."""
    machine = [src for src, t in results.items() if t.origin in (Origin.MT, Origin.MEMORY)]
    if not machine:
        return None, {}
    batch = qe_inputs(
        job.engine,
        [to_plain(src) for src in machine],
        [to_plain(results[src].target) for src in machine],
        source=job.source.tag,
        target=job.target.tag,
    )
    return batch, {src: i for i, src in enumerate(machine)}


def _check(
    job: _Job,
    results: Mapping[str, Translation],
    *,
    protect_flags: Mapping[str, tuple[Flag, ...]],
    invalid_approvals: Mapping[str, Flag],
    suggestions: Mapping[str, tuple[str, str]],
    terms: dict[str, tuple[object, ...]],
    ignore_checks: frozenset[str],
    qe: tuple[QeBatch | None, Mapping[str, int]] = (None, {}),
    qe_config: QeConfig = DEFAULT_QE,
) -> dict[str, Translation]:
    """Every target with its flags (protection's, the check registry's, memory's) and its applied terms."""
    final: dict[str, Translation] = {}
    glossary = job.glossary
    qe_batch, qe_index = qe
    for src, t in results.items():
        flags: tuple[Flag, ...] = ()
        back: str | None = None
        if t.origin is not Origin.KEPT:
            ctx = CheckContext(
                source=job.source,
                target=job.target,
                matches=job.matches[src],
                ignore=ignore_checks | NOT_FOR_PSEUDO if job.engine.name == "pseudo" else ignore_checks,
                glossary=glossary,
                engine=job.engine.name,
                qe=qe_config,
            )
            if src in qe_index:
                ctx = with_qe(ctx, qe_batch, qe_index[src])
                back = ctx.back_translation
            invalid = [invalid_approvals[src]] if src in invalid_approvals else []
            flags = _merge_flags(protect_flags.get(src, ()), run_checks(job.unique[src], t.target, ctx), invalid)
        suggestion = None
        if src in suggestions:
            old_src, suggestion = suggestions[src]
            flags = _merge_flags(flags, [source_changed_flag(old_src)])
        if glossary is not None and src not in terms and t.origin is not Origin.KEPT:
            forbidden = glossary.forbidden(job.target.tag)
            terms[src] = applied_terms(job.matches[src], t.target, job.target.tag, forbidden=forbidden)
        final[src] = dataclasses.replace(t, flags=flags, suggestion=suggestion, back_translation=back)
    return final


def _remember(
    job: _Job,
    memory: TranslationMemory | None,
    pending: Sequence[Segment],
    final: Mapping[str, Translation],
    protect_flags: Mapping[str, tuple[Flag, ...]],
) -> None:
    """Store the new machine output, except where protection failed critically (the next run tries again)."""
    if memory is None or not pending:
        return
    memory.store_machine(
        [(seg.source, final[seg.source].target) for seg in pending if not _has_critical(protect_flags, seg)],
        job.source.tag,
        job.target.tag,
        engine=job.engine.name,
        model=job.model,
        fingerprints={seg.source: fp for seg in pending if (fp := job.fingerprints[seg.source]) is not None},
    )


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
    qe: QeConfig | None = None,
    term_strategy: str = "auto",
) -> LanguageRun:
    """Translate ``segments`` (of one or many releases) into ``target``.

    ``replaced`` maps a new source text to the source text it replaced at the same place since the last publish, so
    a sentence whose approved translation no longer matches its source is flagged with the old approved wording as a
    suggestion. ``qe`` tunes the quality-estimation checks; with ``qe.estimate`` the engine-based ones run too (round
    trip, confidence): one more batched engine call per language, for the reverse pair when the engine serves it.
    ``term_strategy`` is the ``[glossary] strategy`` setting: ``auto`` (the engine translates words, then the terms
    are enforced per segment) or ``mask`` (every term behind a placeholder); see :mod:`transpub.translate.strategies`.
    """
    job = _job(segments, source, target, engine, glossary)
    found = memory.lookup_many(job.unique, source.tag, target.tag) if memory is not None else {}
    entries, invalid_approvals = _usable_approvals(found)
    results, pending = _reuse(job, entries)
    reused = len([t for t in results.values() if t.origin is not Origin.KEPT])
    translated, protect_flags, terms = _machine_translate(job, pending, term_strategy)
    results.update(translated)
    final = _check(
        job,
        results,
        protect_flags=protect_flags,
        invalid_approvals=invalid_approvals,
        suggestions=_suggestions(job, memory, replaced, results),
        terms=terms,
        ignore_checks=ignore_checks,
        qe=_estimate(job, results) if qe is not None and qe.estimate else (None, {}),
        qe_config=qe or DEFAULT_QE,
    )
    _remember(job, memory, pending, final, protect_flags)
    return LanguageRun(
        lang=target.tag,
        engine=engine.name,
        model=job.model,
        translations=MappingProxyType(final),
        terms=MappingProxyType(terms),
        machine_translated=len(pending),
        reused=reused,
    )


def _has_critical(flags: Mapping[str, tuple[Flag, ...]], seg: Segment) -> bool:
    """Machine output whose protection failed critically is not remembered, so the next run tries again."""
    return any(f.severity is Severity.CRITICAL for f in flags.get(seg.source, ()))
