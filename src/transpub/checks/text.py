"""Text checks: empty target, untranslated target, length far from the source's, doubled words."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from types import MappingProxyType

from transpub.checks.base import CheckContext, Finding, check
from transpub.checks.ids import CheckId
from transpub.document import Segment, Severity
from transpub.glossary.entry import TermKind
from transpub.text.placeholders import LINK
from transpub.text.tagged import to_plain


@dataclass(frozen=True)
class LengthBand:
    """Accepted target/source length ratio for sources up to ``max_chars`` characters long."""

    max_chars: int
    low: float
    high: float


# Short sources vary most (a two-word title can double); long sentences settle near the language's usual ratio
# (Portuguese, Spanish and French run 10-30% longer than English, Arabic about as long).
LENGTH_BANDS: tuple[LengthBand, ...] = (
    LengthBand(20, 0.3, 4.0),
    LengthBand(80, 0.45, 2.5),
    LengthBand(10**9, 0.55, 2.0),
)

# Repetitions that are grammatical in a language ("nous nous sommes", "vous vous").
DOUBLING_ALLOWED: Mapping[str, frozenset[str]] = MappingProxyType(
    {
        "fr": frozenset({"nous", "vous"}),
    }
)

_DOUBLED = re.compile(r"(?<!\w)([^\W\d_]+)\s+\1(?!\w)", re.IGNORECASE)


def is_empty_target(source: str, target: str) -> bool:
    """Whether the tagged ``source`` has text and the tagged ``target`` has none (inline codes alone are empty)."""
    return bool(to_plain(source).strip()) and not to_plain(target).strip()


@check(CheckId.EMPTY_TARGET, "Empty target", "The source has text and the target is empty.", Severity.CRITICAL)
def empty_target(segment: Segment, target: str, ctx: CheckContext) -> Iterator[Finding]:
    if is_empty_target(segment.source, target):
        yield Finding("the target is empty", None)


def _translatable_words(segment: Segment, ctx: CheckContext) -> list[str]:
    """Source words left once keep-terms, links and numbers are taken out."""
    plain = to_plain(segment.source)
    for m in sorted(ctx.matches, key=lambda m: m.start, reverse=True):
        if m.entry.kind is TermKind.KEEP:
            plain = plain[: m.start] + " " + plain[m.end :]
    plain = LINK.sub(" ", plain)
    return re.findall(r"[^\W\d_]{2,}", plain)


@check(
    CheckId.UNTRANSLATED,
    "Untranslated",
    "The target is identical to the source although the source has words to translate.",
    Severity.WARNING,
)
def untranslated(segment: Segment, target: str, ctx: CheckContext) -> Iterator[Finding]:
    source, out = " ".join(to_plain(segment.source).split()), " ".join(to_plain(target).split())
    if source and source.casefold() == out.casefold() and _translatable_words(segment, ctx):
        yield Finding("the target is the same as the source", out)


@check(
    CheckId.LENGTH_RATIO,
    "Length out of range",
    "The target is far shorter or longer than the source (ratio bounds per source length band).",
    Severity.WARNING,
)
def length_ratio(segment: Segment, target: str, ctx: CheckContext) -> Iterator[Finding]:
    source_len, target_len = len(to_plain(segment.source).strip()), len(to_plain(target).strip())
    if not source_len or not target_len:
        return
    band = next(b for b in LENGTH_BANDS if source_len <= b.max_chars)
    ratio = target_len / source_len
    if not band.low <= ratio <= band.high:
        yield Finding(
            f"the target is {ratio:.2f} times as long as the source (expected {band.low}-{band.high} "
            f"for sources up to {band.max_chars} characters)",
            f"{ratio:.2f}",
        )


@check(
    CheckId.DOUBLED_WORDS,
    "Doubled word",
    "The same word twice in a row in the target, where the source does not repeat it.",
    Severity.WARNING,
)
def doubled_words(segment: Segment, target: str, ctx: CheckContext) -> Iterator[Finding]:
    allowed = DOUBLING_ALLOWED.get(ctx.target.base, frozenset())
    in_source = {m.group(1).casefold() for m in _DOUBLED.finditer(to_plain(segment.source))}
    for m in _DOUBLED.finditer(to_plain(target)):
        word = m.group(1).casefold()
        if word not in allowed and word not in in_source:
            yield Finding(f"the word {m.group(1)!r} is doubled", m.group(0))


CHECKS = (empty_target, untranslated, length_ratio, doubled_words)
