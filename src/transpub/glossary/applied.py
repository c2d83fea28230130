"""The applied-terms report: per segment and language, which glossary entries were found, enforced or failed.

>>> from transpub.glossary.model import GlossaryEntry, TermKind, TermMatch
>>> entry = GlossaryEntry("climate resilience", TermKind.TRANSLATE, {"pt": ("resiliência climática",)})
>>> match = TermMatch(entry, 0, 18, "climate resilience")
>>> [str(t.status) for t in applied_terms([match], "A resiliência climática importa.", "pt")]
['present']
>>> applied_terms([match], "A resiliência do clima importa.", "pt")[0].reason
"mandated term 'resiliência climática' is missing"
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from transpub.glossary.model import GlossaryEntry, TermKind, TermMatch
from transpub.glossary.target import found_forbidden, has_mandated, keep_count
from transpub.text.tagged import to_plain


class TermStatus(enum.StrEnum):
    ENFORCED = "enforced"  # protection put the term in place
    PRESENT = "present"  # the term is in the target without protection (or a forbidden word is absent)
    FAILED = "failed"  # the term is missing or altered, or a forbidden word is present


@dataclass(frozen=True)
class AppliedTerm:
    """One glossary entry's outcome in one segment's target (the ``terms`` list of the report)."""

    source: str
    kind: TermKind
    target: str | None
    status: TermStatus
    reason: str | None = None

    def as_dict(self) -> dict[str, str | None]:
        return {
            "source": self.source,
            "kind": str(self.kind),
            "target": self.target,
            "status": str(self.status),
            "reason": self.reason,
        }


def _keep(entry: GlossaryEntry, plain: str, wanted: int, enforced: bool) -> AppliedTerm:
    if keep_count(plain, entry.source) >= wanted:
        status = TermStatus.ENFORCED if enforced else TermStatus.PRESENT
        return AppliedTerm(entry.source, entry.kind, entry.source, status)
    return AppliedTerm(
        entry.source, entry.kind, entry.source, TermStatus.FAILED, f"keep-term {entry.source!r} is missing or altered"
    )


def _mandated(entry: GlossaryEntry, term: str, plain: str, enforced: bool) -> AppliedTerm:
    if has_mandated(plain, term):
        status = TermStatus.ENFORCED if enforced else TermStatus.PRESENT
        return AppliedTerm(entry.source, entry.kind, term, status)
    return AppliedTerm(entry.source, entry.kind, term, TermStatus.FAILED, f"mandated term {term!r} is missing")


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
    plain = to_plain(target)
    enforced_set = set(enforced)
    failures = failures or {}
    counts: dict[str, int] = {}
    by_source: dict[str, GlossaryEntry] = {}
    for m in matches:
        counts[m.entry.source] = counts.get(m.entry.source, 0) + 1
        by_source.setdefault(m.entry.source, m.entry)
    for entry in forbidden:
        if any(found_forbidden(plain, w) for w in entry.forbidden_words(lang)):
            by_source.setdefault(entry.source, entry)
    result: list[AppliedTerm] = []
    for source, entry in by_source.items():
        target_term = entry.target(lang)
        if source in failures:
            result.append(AppliedTerm(source, entry.kind, target_term, TermStatus.FAILED, failures[source]))
        elif entry.kind is TermKind.KEEP:
            result.append(_keep(entry, plain, counts.get(source, 1), source in enforced_set))
        elif entry.kind is TermKind.TRANSLATE and target_term is not None:
            result.append(_mandated(entry, target_term, plain, source in enforced_set))
        elif entry.kind is TermKind.FORBIDDEN:
            words = entry.forbidden_words(lang)
            used = [w for w in words if found_forbidden(plain, w)]
            if used:
                result.append(
                    AppliedTerm(source, entry.kind, used[0], TermStatus.FAILED, f"forbidden term {used[0]!r} is used")
                )
            elif words:
                result.append(AppliedTerm(source, entry.kind, " | ".join(words), TermStatus.ENFORCED))
    return tuple(result)
