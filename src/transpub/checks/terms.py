"""Glossary checks: mandated term missing, keep-term altered, forbidden term present.

The rules themselves are plain functions (:func:`missing_mandated`, :func:`altered_keeps`) with one wording
each, so that protection (terms translated unmasked) and the applied-terms report ask the same rule the checks do.

>>> from transpub.glossary.entry import GlossaryEntry, TermMatch
>>> entry = GlossaryEntry("Member States", TermKind.TRANSLATE, {"pt": ("Estados-Membros",)})
>>> [mandated_message(term, e.source) for e, term in missing_mandated([TermMatch(entry, 0, 13, "Member States")],
...                                                                  "Os países membros", "pt")]
["mandated term 'Estados-Membros' (for 'Member States') is missing"]
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from transpub.checks.base import CheckContext, Finding, check
from transpub.checks.ids import CheckId
from transpub.document import Segment, Severity
from transpub.glossary.entry import GlossaryEntry, TermKind, TermMatch
from transpub.glossary.target import found_forbidden, has_mandated, keep_count
from transpub.text.tagged import to_plain


def mandated_message(term: str, source: str) -> str:
    """The one wording of "mandated term missing"."""
    return f"mandated term {term!r} (for {source!r}) is missing"


def missing_mandated(matches: Iterable[TermMatch], target_plain: str, lang: str) -> Iterator[tuple[GlossaryEntry, str]]:
    """(entry, mandated term) for each translate entry matched in the source whose term the plain target lacks.

    One per entry, in match order; entries without a target term for ``lang`` are left out.
    """
    done: set[str] = set()
    for m in matches:
        term = m.entry.target(lang)
        if m.entry.kind is not TermKind.TRANSLATE or term is None or m.entry.source in done:
            continue
        done.add(m.entry.source)
        # every form the glossary's data and the language's rules allow: a correct plural is never a miss
        if not has_mandated(target_plain, term, lang, plural=m.entry.grammar_for(lang).plural):
            yield m.entry, term


@dataclass(frozen=True)
class KeepShortfall:
    """A keep-term that occurs ``wanted`` times in the source and only ``found`` times, exactly, in the target."""

    term: str  # the source form that must come back (``GCRF`` for ``GCRF's``)
    found: int
    wanted: int
    entry: GlossaryEntry

    def message(self) -> str:
        """The one wording of "keep-term altered"."""
        return f"keep-term {self.term!r} is altered or missing ({self.found} of {self.wanted} kept)"


def altered_keeps(matches: Iterable[TermMatch], target_plain: str) -> Iterator[KeepShortfall]:
    """Each keep-term of the source that the plain target does not hold exactly as often, case included."""
    wanted: dict[str, tuple[int, GlossaryEntry]] = {}
    for m in matches:
        if m.entry.kind is TermKind.KEEP:
            count, entry = wanted.get(m.core, (0, m.entry))
            wanted[m.core] = (count + 1, entry)
    for term, (count, entry) in wanted.items():
        found = keep_count(target_plain, term)
        if found < count:
            yield KeepShortfall(term, found, count, entry)


@check(
    CheckId.MANDATED_MISSING,
    "Mandated term missing",
    "A source term has a mandated translation in the glossary and the target does not use it.",
    Severity.CRITICAL,
)
def mandated_missing(segment: Segment, target: str, ctx: CheckContext) -> Iterator[Finding]:
    for entry, term in missing_mandated(ctx.matches, to_plain(target), ctx.target.tag):
        yield Finding(mandated_message(term, entry.source), term)


@check(
    CheckId.KEEP_ALTERED,
    "Keep-term altered",
    "A term the glossary says never to translate does not appear exactly as in the source.",
    Severity.CRITICAL,
)
def keep_altered(segment: Segment, target: str, ctx: CheckContext) -> Iterator[Finding]:
    for short in altered_keeps(ctx.matches, to_plain(target)):
        yield Finding(short.message(), short.term)


def forbidden_used(entry: GlossaryEntry, target_plain: str, lang: str) -> list[str]:
    """The words of a forbidden ``entry`` that the plain target uses in ``lang``."""
    return [w for w in entry.forbidden_words(lang) if found_forbidden(target_plain, w, lang)]


def forbidden_message(word: str) -> str:
    """The one wording of "forbidden term used"."""
    return f"forbidden term {word!r} is used"


def _forbidden_entries(ctx: CheckContext) -> list[GlossaryEntry]:
    entries = {m.entry.key: m.entry for m in ctx.matches if m.entry.kind is TermKind.FORBIDDEN}
    if ctx.glossary is not None:
        for entry in ctx.glossary.forbidden(ctx.target.tag):
            entries.setdefault(entry.key, entry)
    return list(entries.values())


@check(
    CheckId.FORBIDDEN,
    "Forbidden term used",
    "The target uses a word the glossary forbids in that language.",
    Severity.CRITICAL,
)
def forbidden_present(segment: Segment, target: str, ctx: CheckContext) -> Iterator[Finding]:
    plain = to_plain(target)
    for entry in _forbidden_entries(ctx):
        for word in forbidden_used(entry, plain, ctx.target.tag):
            advice = f" ({entry.note})" if entry.note else ""
            yield Finding(forbidden_message(word) + advice, word)


CHECKS = (mandated_missing, keep_altered, forbidden_present)
