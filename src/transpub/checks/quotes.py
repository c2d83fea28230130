"""Quotation marks and brackets: each pair in the source has a pair in the target, in the target's conventions.

A quotation is any pair of “…”, ‘…’ (an opening ‘; a lone ’ is an apostrophe), «…», „…“, ‹…› or straight "…";
the conventions per language (:data:`QUOTE_STYLES`) say which pairs a page in that language uses. Brackets are
``(…)`` and ``[…]``.

>>> quote_pairs("“Ten sessions,” he said, “already.”"), quote_pairs("« Dix séances », a-t-il dit.")
(2, 1)
>>> quote_pairs("It's the fund’s plan")
0
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from types import MappingProxyType

from transpub.checks.base import CheckContext, Finding, check
from transpub.checks.ids import CheckId
from transpub.document import Segment, Severity
from transpub.text.placeholders import LINK
from transpub.text.tagged import to_plain

# opening -> closing marks of every quotation style that is recognised.
PAIRS: Mapping[str, str] = MappingProxyType({"“": "”", "‘": "’", "«": "»", "„": "“", "‹": "›", "»": "«"})

# The quotation marks a language's pages use, first the preferred ones (Portuguese: “…” in Brazil, «…» in
# Portugal; Spanish: «…» per the RAE, “…” common; French: «…» with a (narrow) no-break space inside;
# Arabic: «…» or “…”). Straight quotes "…" are accepted everywhere but French.
QUOTE_STYLES: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        "en": ("“”", "‘’", '""'),
        "pt": ("“”", "«»", "‘’", '""'),
        "es": ("«»", "“”", "‘’", '""'),
        "fr": ("«»", "“”", "‹›"),
        "ar": ("«»", "“”", '""'),
    }
)

_BRACKETS = (("(", ")"), ("[", "]"))
_QUOTE_CHARS = re.compile(r"[“”‘’«»„‹›\"]")


def _quote_spans(text: str) -> list[str]:
    """The quotation-mark pairs of ``text`` as two-character styles (``“”``), in order; unbalanced marks count as
    a lone opening or closing (one-character entries)."""
    text = LINK.sub(" ", text)
    spans: list[str] = []
    stack: list[str] = []
    straight_open = False
    for i, ch in enumerate(text):
        if ch == '"':
            if straight_open:
                spans.append('""')
            straight_open = not straight_open
        elif ch == "’":
            if stack and stack[-1] == "‘":
                stack.pop()
                spans.append("‘’")
            # else: an apostrophe
        elif ch == "‘" and i > 0 and text[i - 1].isalpha():
            continue  # a reversed apostrophe inside a word
        elif stack and PAIRS.get(stack[-1]) == ch:
            spans.append(stack.pop() + ch)
        elif ch in PAIRS:
            stack.append(ch)
        elif ch in "”»“›":
            spans.append(ch)
    spans.extend(stack)
    if straight_open:
        spans.append('"')
    return spans


def quote_pairs(text: str) -> int:
    """How many balanced quotations ``text`` has."""
    return sum(len(s) == 2 for s in _quote_spans(text))


def _conventions(lang: str) -> tuple[str, ...]:
    return QUOTE_STYLES.get(lang.split("-")[0], QUOTE_STYLES["en"])


@check(
    CheckId.QUOTES_LOST,
    "Quotation marks lost",
    "The source quotes someone (a pair of quotation marks) and the target has fewer pairs, or unbalanced marks.",
    Severity.WARNING,
)
def quotes_lost(segment: Segment, target: str, ctx: CheckContext) -> Iterator[Finding]:
    source_pairs = quote_pairs(to_plain(segment.source))
    spans = _quote_spans(to_plain(target))
    target_pairs = sum(len(s) == 2 for s in spans)
    preferred = _conventions(ctx.target.tag)[0]
    if target_pairs < source_pairs:
        lost = source_pairs - target_pairs
        yield Finding(
            f"the source has {source_pairs} quotation{'s' if source_pairs > 1 else ''} in quotation marks, the "
            f"target {target_pairs}: {lost} lost (write {preferred[0]}…{preferred[1]})",
            None,
        )
    # a quotation that runs over several sentences leaves one mark in each segment: only more lone marks than
    # the source has are a fault
    lone = [s for s in spans if len(s) == 1]
    source_lone = sum(len(s) == 1 for s in _quote_spans(to_plain(segment.source)))
    if len(lone) > source_lone:
        yield Finding(f"unbalanced quotation mark {lone[0]!r} in the target", lone[0])


@check(
    CheckId.QUOTE_STYLE,
    "Quotation mark style",
    "The target's quotation marks are not a style its language uses (« » in French, “ ” or « » in Portuguese…).",
    Severity.INFO,
)
def quote_style(segment: Segment, target: str, ctx: CheckContext) -> Iterator[Finding]:
    styles = _conventions(ctx.target.tag)
    for span in _quote_spans(to_plain(target)):
        if len(span) == 2 and span not in styles:
            allowed = ", ".join(f"{s[0]}…{s[1]}" for s in styles)
            yield Finding(f"quotation marks {span[0]}…{span[1]} are not used in this language (use {allowed})", span)
            return


@check(
    CheckId.BRACKETS_MISMATCH,
    "Brackets mismatch",
    "The target has fewer ( ) or [ ] pairs than the source, or unbalanced brackets.",
    Severity.WARNING,
)
def brackets_mismatch(segment: Segment, target: str, ctx: CheckContext) -> Iterator[Finding]:
    source, out = LINK.sub(" ", to_plain(segment.source)), LINK.sub(" ", to_plain(target))
    for opening, closing in _BRACKETS:
        if out.count(opening) != out.count(closing):
            yield Finding(f"unbalanced brackets {opening}{closing} in the target", opening)
        elif source.count(opening) == source.count(closing) and source.count(opening) > out.count(opening):
            # fewer pairs: a bracketed aside was lost (more pairs are left alone: pseudo-translations wrap in [ ])
            yield Finding(
                f"the source has {source.count(opening)} {opening}…{closing} pair(s), the target {out.count(opening)}",
                opening,
            )


CHECKS = (quotes_lost, quote_style, brackets_mismatch)
