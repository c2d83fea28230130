"""Round trip: the target translated back into the source language should say what the source says.

The back-translation is computed before the checks, in one batch per language, by the reverse engine
(:func:`transpub.checks.qe.qe_inputs`) and reaches the check as ``ctx.back_translation``. It is compared with the
source by chrF (sacrebleu, characters 0-100) and by coverage: the share of the source's content words found in it
(a word counts when one back-translated word has the same key, :func:`transpub.checks.wordmatch.key`: inflection
left out, a few common synonyms joined; "per cent" is found as "%"), plus every number (by value, words included)
and every name (capitalised word inside the sentence). The message names the source words the back-translation
lacks. Thresholds are per engine (:attr:`QeConfig.roundtrip`), calibrated by ``bench/qe.py``.

>>> r = compare("Ten sessions were held in coastal villages.", "The sessions were held in coastal villages.")
>>> round(r.chrf), r.missing_numbers, r.coverage
(92, ['10'], 0.8)
>>> compare("Residents were asked to boil drinking water.", "The residents were invited to boil water.").missing_words
('asked', 'drinking')
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from sacrebleu.metrics.chrf import CHRF

from transpub.checks.base import CheckContext, Finding, check
from transpub.checks.ids import CheckId
from transpub.checks.numbers import values_in
from transpub.checks.qeconfig import RoundTrip
from transpub.checks.wordmatch import key
from transpub.document import Segment, Severity
from transpub.text.placeholders import LINK
from transpub.text.tagged import to_plain

# English function words, left out of the content words a back-translation must cover.
STOPWORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "and",
        "or",
        "but",
        "if",
        "of",
        "to",
        "in",
        "on",
        "at",
        "by",
        "for",
        "from",
        "with",
        "without",
        "into",
        "onto",
        "over",
        "under",
        "about",
        "above",
        "after",
        "before",
        "since",
        "until",
        "than",
        "then",
        "that",
        "this",
        "these",
        "those",
        "there",
        "their",
        "they",
        "them",
        "he",
        "she",
        "his",
        "her",
        "its",
        "it",
        "we",
        "our",
        "us",
        "you",
        "your",
        "i",
        "me",
        "my",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "being",
        "has",
        "have",
        "had",
        "do",
        "does",
        "did",
        "will",
        "would",
        "shall",
        "should",
        "can",
        "could",
        "may",
        "might",
        "must",
        "not",
        "no",
        "nor",
        "so",
        "such",
        "as",
        "also",
        "only",
        "very",
        "more",
        "most",
        "less",
        "least",
        "much",
        "many",
        "some",
        "any",
        "all",
        "each",
        "every",
        "both",
        "other",
        "another",
        "which",
        "who",
        "whom",
        "whose",
        "what",
        "when",
        "where",
        "why",
        "how",
        "said",
        "says",
        "say",
        "told",
        "added",
        "per",
        "via",
        "up",
        "down",
        "out",
        "off",
        "again",
        "further",
        "once",
        "here",
        "just",
        "now",
        "yet",
        "still",
        "already",
        "almost",
        "nearly",
        "about",
        "around",
    ]
)

_CHRF = CHRF()
_WORD = re.compile(r"[^\W\d_][\w'’-]*")


@dataclass(frozen=True)
class RoundTripScore:
    """How close a back-translation is to its source."""

    chrf: float
    coverage: float
    missing_words: tuple[str, ...]
    missing_numbers: list[str]
    missing_names: tuple[str, ...]


def content_words(text: str) -> list[str]:
    """The content words of an English text (function words and one-letter words left out)."""
    return [w for w in _WORD.findall(LINK.sub(" ", text)) if len(w) > 1 and w.casefold() not in STOPWORDS]


def _names(text: str) -> list[str]:
    words = list(re.finditer(r"[^\W\d_][\w'’-]*", text))
    names = []
    for i, m in enumerate(words):
        word = m.group(0)
        before = text[: m.start()].rstrip()
        sentence_start = i == 0 or before.endswith((".", "!", "?", ":", "“", '"', "‘"))
        if word[0].isupper() and not sentence_start and word.casefold() not in STOPWORDS:
            names.append(word)
    return names


def compare(source: str, back: str) -> RoundTripScore:
    """Score a back-translation ``back`` against its English ``source`` (plain text both)."""
    chrf = _CHRF.sentence_score(back, [source]).score
    back_keys = {key(w) for w in _WORD.findall(back)} | ({key("cent"), key("percent")} if "%" in back else set())
    words = content_words(source)
    lost = [w for w in words if key(w) not in back_keys]
    coverage = 1.0 if not words else round(1 - len(lost) / len(words), 4)
    numbers = [format(v, "f") for v in sorted((values_in(source, "en") - values_in(back, "en")).elements())]
    names = tuple(dict.fromkeys(n for n in _names(source) if key(n) not in back_keys))
    return RoundTripScore(chrf, coverage, tuple(dict.fromkeys(lost)), numbers, names)


def divergence(score: RoundTripScore, limits: RoundTrip) -> list[str]:
    """Why ``score`` is flagged under ``limits`` (empty: it passes); the calibration in ``bench/qe.py`` uses this
    too, so the bench and the check cannot disagree."""
    reasons = []
    if score.missing_numbers:
        reasons.append("number " + ", ".join(score.missing_numbers) + " lost")
    if score.missing_names:
        reasons.append("name " + ", ".join(score.missing_names) + " lost")
    if score.chrf < limits.chrf:
        reasons.append(f"chrF {score.chrf:.0f} below {limits.chrf:.0f}")
    if score.coverage < limits.coverage:
        reasons.append(f"{score.coverage:.0%} of the content words, below {limits.coverage:.0%}")
    return reasons


@check(
    CheckId.ROUNDTRIP_DIVERGENT,
    "Back-translation differs",
    "Translated back into the source language, the target no longer says what the source says (chrF or share of "
    "content words below the engine's calibrated threshold, or a number or name missing).",
    Severity.WARNING,
)
def roundtrip_divergent(segment: Segment, target: str, ctx: CheckContext) -> Iterator[Finding]:
    back = ctx.back_translation
    if back is None or not to_plain(target).strip():
        return
    score = compare(to_plain(segment.source), back)
    reasons = divergence(score, ctx.qe.roundtrip_for(ctx.engine))
    if reasons:
        words = ", ".join(f"'{w}'" for w in score.missing_words[:6])
        lacks = f"; back-translation lacks: {words}" if words else ""
        yield Finding(f"the back-translation differs from the source ({'; '.join(reasons)}{lacks}): “{back}”", back)


CHECKS = (roundtrip_divergent,)
