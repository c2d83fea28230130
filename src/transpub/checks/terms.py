"""Glossary checks: mandated term missing, keep-term altered, forbidden term present."""

from __future__ import annotations

from collections.abc import Iterator

from transpub.checks.base import CheckContext, Finding, check
from transpub.document import Segment, Severity
from transpub.glossary.model import GlossaryEntry, TermKind
from transpub.glossary.target import found_forbidden, has_mandated, keep_count
from transpub.text.tagged import to_plain


@check(
    "glossary-mandated-missing",
    "Mandated term missing",
    "A source term has a mandated translation in the glossary and the target does not use it.",
    Severity.CRITICAL,
)
def mandated_missing(segment: Segment, target: str, ctx: CheckContext) -> Iterator[Finding]:
    plain = to_plain(target)
    done: set[str] = set()
    for m in ctx.matches:
        term = m.entry.target(ctx.target.tag)
        if m.entry.kind is not TermKind.TRANSLATE or term is None or m.entry.source in done:
            continue
        done.add(m.entry.source)
        if not has_mandated(plain, term):
            yield Finding(f"mandated term {term!r} (for {m.text!r}) is missing", term)


@check(
    "glossary-keep-altered",
    "Keep-term altered",
    "A term the glossary says never to translate does not appear exactly as in the source.",
    Severity.CRITICAL,
)
def keep_altered(segment: Segment, target: str, ctx: CheckContext) -> Iterator[Finding]:
    plain = to_plain(target)
    wanted: dict[str, int] = {}
    for m in ctx.matches:
        if m.entry.kind is TermKind.KEEP:
            wanted[m.core] = wanted.get(m.core, 0) + 1
    for term, count in wanted.items():
        found = keep_count(plain, term)
        if found < count:
            yield Finding(f"keep-term {term!r} is altered or missing ({found} of {count} kept)", term)


def _forbidden_entries(ctx: CheckContext) -> list[GlossaryEntry]:
    entries = {m.entry.key: m.entry for m in ctx.matches if m.entry.kind is TermKind.FORBIDDEN}
    if ctx.glossary is not None:
        for entry in ctx.glossary.forbidden(ctx.target.tag):
            entries.setdefault(entry.key, entry)
    return list(entries.values())


@check(
    "glossary-forbidden",
    "Forbidden term used",
    "The target uses a word the glossary forbids in that language.",
    Severity.CRITICAL,
)
def forbidden_present(segment: Segment, target: str, ctx: CheckContext) -> Iterator[Finding]:
    plain = to_plain(target)
    for entry in _forbidden_entries(ctx):
        for word in entry.forbidden_words(ctx.target.tag):
            if found_forbidden(plain, word):
                advice = f" ({entry.note})" if entry.note else ""
                yield Finding(f"forbidden term {word!r} is used{advice}", word)


CHECKS = (mandated_missing, keep_altered, forbidden_present)
