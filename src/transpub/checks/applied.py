"""The applied-terms report: per segment and language, which glossary entries were found, enforced or failed.

Each status is decided by the glossary checks' own rules (:mod:`transpub.checks.terms`), so the report and the
flags never disagree about a term.

>>> from transpub.glossary.entry import GlossaryEntry, TermKind, TermMatch
>>> entry = GlossaryEntry("climate resilience", TermKind.TRANSLATE, {"pt": ("resiliência climática",)})
>>> match = TermMatch(entry, 0, 18, "climate resilience")
>>> [str(t.status) for t in applied_terms([match], "A resiliência climática importa.", "pt")]
['present']
>>> applied_terms([match], "A resiliência do clima importa.", "pt")[0].reason
"mandated term 'resiliência climática' (for 'climate resilience') is missing"
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from transpub.checks.terms import altered_keeps, forbidden_message, forbidden_used, mandated_message, missing_mandated
from transpub.glossary.applied import AppliedTerm, TermStatus
from transpub.glossary.entry import GlossaryEntry, TermKind, TermMatch
from transpub.text.tagged import to_plain


def applied_terms(
    matches: Iterable[TermMatch],
    target: str,
    lang: str,
    *,
    enforced: Iterable[str] = (),
    failures: Mapping[str, str] | None = None,
    forbidden: Iterable[GlossaryEntry] = (),
) -> tuple[AppliedTerm, ...]:
    """What happened to each glossary entry found in a segment, judged on the tagged ``target``.

    ``enforced`` names the source terms protection put in place; ``failures`` maps a source term to the reason
    protection gave up on it (that reason wins). ``forbidden`` adds the language's forbidden entries so a forbidden
    word is reported even when its source term is absent. Entries without a target for ``lang`` are left out.
    """
    matches = tuple(matches)
    plain = to_plain(target)
    enforced_set = set(enforced)
    failures = failures or {}
    kept_short = {short.entry.source: short for short in altered_keeps(matches, plain)}
    missing = {entry.source: term for entry, term in missing_mandated(matches, plain, lang)}
    by_source: dict[str, GlossaryEntry] = {}
    for m in matches:
        by_source.setdefault(m.entry.source, m.entry)
    for entry in forbidden:
        if forbidden_used(entry, plain, lang):
            by_source.setdefault(entry.source, entry)
    result: list[AppliedTerm] = []
    for source, entry in by_source.items():
        target_term = entry.target(lang)
        done = TermStatus.ENFORCED if source in enforced_set else TermStatus.PRESENT
        if source in failures:
            result.append(AppliedTerm(source, entry.kind, target_term, TermStatus.FAILED, failures[source]))
        elif entry.kind is TermKind.KEEP:
            short = kept_short.get(source)
            if short is None:
                result.append(AppliedTerm(source, entry.kind, entry.source, done))
            else:
                result.append(AppliedTerm(source, entry.kind, entry.source, TermStatus.FAILED, short.message()))
        elif entry.kind is TermKind.TRANSLATE and target_term is not None:
            if source in missing:
                reason = mandated_message(target_term, source)
                result.append(AppliedTerm(source, entry.kind, target_term, TermStatus.FAILED, reason))
            else:
                result.append(AppliedTerm(source, entry.kind, target_term, done))
        elif entry.kind is TermKind.FORBIDDEN:
            used = forbidden_used(entry, plain, lang)
            words = entry.forbidden_words(lang)
            if used:
                reason = forbidden_message(used[0])
                result.append(AppliedTerm(source, entry.kind, used[0], TermStatus.FAILED, reason))
            elif words:
                result.append(AppliedTerm(source, entry.kind, " | ".join(words), TermStatus.ENFORCED))
    return tuple(result)
