"""Omissions and additions: source content with no counterpart in the target, or target content with none in
the source.

* A courtesy title of the source ("Ms Rahman", "Dr Chen") has no title in the target before the name
  (:data:`TITLES` per language); the engine drops them, or turns a woman into a man with them.
* The target has far fewer, or far more, content words (letters, four or more) than the source: the ratio bands
  of :data:`CONTENT_RATIO` per target language. When a back-translation is at hand, the message names the source
  words it lacks (:func:`transpub.checks.roundtrip.compare`), the likeliest of what was left out.

>>> missing_titles("Ms Rahman briefed the press.", "Rahman informou a imprensa.", "pt")
[('Ms', 'Rahman')]
>>> missing_titles("Ms Rahman briefed the press.", "A Sra. Rahman informou a imprensa.", "pt")
[]
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from types import MappingProxyType

from transpub.checks.base import CheckContext, Finding, check
from transpub.checks.ids import CheckId
from transpub.checks.roundtrip import compare
from transpub.document import Segment, Severity
from transpub.text.placeholders import LINK
from transpub.text.tagged import to_plain

_SOURCE_TITLE = re.compile(r"\b(Mr|Mrs|Ms|Miss|Dr|Prof)\.?\s+((?:[A-Z][\w'’-]+\s?){1,3})")

# Courtesy titles per target language (whole words, any case), as they stand before a name.
TITLES: Mapping[str, str] = MappingProxyType(
    {
        "pt": r"sr|sra|srta|dr|dra|prof|profa|senhor|senhora|doutor|doutora|professor|professora",
        "es": r"sr|sra|srta|dr|dra|prof|señor|señora|don|doña|doctor|doctora",
        "fr": r"m|mme|mlle|dr|pr|monsieur|madame|docteur|professeur",
        "ar": r"السيد|السيدة|الدكتور|الدكتورة|الأستاذ|الأستاذة|د",
    }
)

# (low, high) accepted ratio of target to source content words.
CONTENT_RATIO: Mapping[str, tuple[float, float]] = MappingProxyType(
    {"pt": (0.6, 1.7), "es": (0.6, 1.7), "fr": (0.6, 1.7), "ar": (0.45, 1.6)}
)
_MIN_CONTENT = 6  # shorter sources vary too much to judge by counting


def missing_titles(source: str, target: str, lang: str) -> list[tuple[str, str]]:
    """``(title, name)`` for each titled name of ``source`` whose target has no title before it."""
    titles = TITLES.get(lang.split("-")[0])
    if titles is None:
        return []
    title_re = re.compile(rf"(?<!\w)(?:{titles})\.?(?!\w)", re.IGNORECASE)
    missing = []
    for m in _SOURCE_TITLE.finditer(source):
        title, name = m.group(1), m.group(2).split()[0]
        at = target.find(name)
        if at == -1:  # transliterated (Arabic) or lost: look for any title at all
            if not title_re.search(target):
                missing.append((title, name))
            continue
        before = target[:at].split()[-4:]
        if not any(title_re.fullmatch(w.strip(",;:(")) for w in before):
            missing.append((title, name))
    return missing


def content_count(text: str) -> int:
    return len(re.findall(r"[^\W\d_]{4,}|\d+", LINK.sub(" ", text)))


@check(
    CheckId.OMISSION,
    "Something left out",
    "Source content has no counterpart in the target: a courtesy title before a name is missing, or the target "
    "has far fewer content words than the source.",
    Severity.WARNING,
)
def omission(segment: Segment, target: str, ctx: CheckContext) -> Iterator[Finding]:
    source, out = to_plain(segment.source), to_plain(target)
    for title, name in missing_titles(source, out, ctx.target.tag):
        yield Finding(f"the title '{title}' before '{name}' is missing from the target", title)
    counted, found = content_count(source), content_count(out)
    low, _ = CONTENT_RATIO.get(ctx.target.base, (0.6, 1.7))
    if counted >= _MIN_CONTENT and found and found / counted < low:
        lost = compare(source, ctx.back_translation).missing_words if ctx.back_translation else ()
        words = ", ".join(f"'{w}'" for w in lost[:6])
        hint = f" (the back-translation lacks {words})" if words else ""
        yield Finding(
            f"the target has {found} content words against {counted} in the source: something is left out{hint}"
        )


@check(
    CheckId.ADDITION,
    "Something added",
    "The target has far more content words than the source: the engine may have added or repeated something.",
    Severity.WARNING,
)
def addition(segment: Segment, target: str, ctx: CheckContext) -> Iterator[Finding]:
    counted, found = content_count(to_plain(segment.source)), content_count(to_plain(target))
    _, high = CONTENT_RATIO.get(ctx.target.base, (0.6, 1.7))
    if counted >= _MIN_CONTENT and found / counted > high:
        yield Finding(f"the target has {found} content words against {counted} in the source: something is added")


CHECKS = (omission, addition)
