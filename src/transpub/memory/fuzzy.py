"""Fuzzy matches: memory entries whose source is close to a new sentence, with a similarity score.

Similarity is :func:`rapidfuzz.fuzz.ratio` (normalised Indel distance) on the sources with inline codes
normalised: every code becomes one neutral mark, so ``<g id="1">report</g>`` and ``<g id="4">report</g>`` are the
same text and a code costs one character, not the length of its markup. Case and punctuation count, as a
translator would see them.

Matches are ordered the way a translator wants them: approved entries first (best score first), then machine
entries; only scores at or above the threshold (default 0.75) are offered, and an entry with exactly the same
source is left out (that is the sentence's own translation, reused as it stands).

>>> normalise('Read <g id="1">the   report</g>.')
'Read ⁅the report⁆.'
>>> entries = [MatchCandidate("Read the annual report.", "Leia o relatório anual.", "approved"),
...            MatchCandidate("Read the annual reports.", "Leia os relatórios anuais.", "mt"),
...            MatchCandidate("Member States met.", "Os Estados-Membros reuniram-se.", "approved")]
>>> [(m.target, m.score, str(m.origin)) for m in FuzzyIndex(entries).matches("Read the final report.")]
[('Leia o relatório anual.', 0.889, 'approved'), ('Leia os relatórios anuais.', 0.87, 'mt')]
"""

from __future__ import annotations

import dataclasses
import re
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from rapidfuzz import fuzz, process

from transpub.document import FuzzyMatch, Origin, Translation
from transpub.errors import ProtectionError
from transpub.text import tagged

DEFAULT_THRESHOLD = 0.75
DEFAULT_LIMIT = 3
_OPEN, _CLOSE, _ALONE = "⁅", "⁆", "⁑"
_SPACE = re.compile(r"\s+")
_ORIGINS = {"approved": Origin.APPROVED, "mt": Origin.MT}
_CHUNK = 64  # sources scored at once: a 64 x entries float32 matrix (11 MB for 44,000 entries)


def normalise(text: str) -> str:
    """Tagged text as compared: plain words, each inline code one neutral mark, runs of whitespace one space."""
    try:
        tokens = tagged.parse(text)
    except ProtectionError:
        return _SPACE.sub(" ", text).strip()
    out = []
    for tok in tokens:
        if isinstance(tok, tagged.Text):
            out.append(tok.text)
        elif isinstance(tok, tagged.Open):
            out.append(_OPEN)
        elif isinstance(tok, tagged.Close):
            out.append(_CLOSE)
        else:
            out.append(_ALONE)
    return _SPACE.sub(" ", "".join(out)).strip()


@dataclass(frozen=True)
class MatchCandidate:
    """A memory entry as fuzzy matching sees it."""

    source: str
    target: str
    origin: str  # "approved" | "mt"
    reviewer: str | None = None
    updated_at: str | None = None


class FuzzyIndex:
    """The entries of one language pair, normalised once, searched for each segment of a run."""

    def __init__(
        self,
        entries: Iterable[MatchCandidate],
        *,
        threshold: float = DEFAULT_THRESHOLD,
        limit: int = DEFAULT_LIMIT,
    ) -> None:
        if not 0.0 < threshold <= 1.0:
            raise ValueError(f"threshold must be in (0, 1], not {threshold!r}")
        self._entries: Sequence[MatchCandidate] = tuple(entries)
        self._normal = [normalise(e.source) for e in self._entries]
        self._approved = np.array([e.origin == "approved" for e in self._entries], dtype=bool)
        self._by_source: dict[str, list[int]] = {}
        for k, e in enumerate(self._entries):
            self._by_source.setdefault(e.source, []).append(k)
        self.threshold = threshold
        self.limit = limit

    def __len__(self) -> int:
        return len(self._entries)

    def matches(self, source: str) -> tuple[FuzzyMatch, ...]:
        """The best entries for ``source``: approved first, then MT, each by score; at most ``limit``."""
        return self.matches_many([source])[0]

    def matches_many(self, sources: Sequence[str]) -> list[tuple[FuzzyMatch, ...]]:
        """:meth:`matches` for many sources at once: one score matrix per chunk (``rapidfuzz.process.cdist``)."""
        if not self._entries:
            return [() for _ in sources]
        out: list[tuple[FuzzyMatch, ...]] = []
        cutoff = self.threshold * 100
        for start in range(0, len(sources), _CHUNK):
            chunk = sources[start : start + _CHUNK]
            scores = process.cdist(
                [normalise(s) for s in chunk], self._normal, scorer=fuzz.ratio, score_cutoff=cutoff, dtype=np.float32
            )
            for source, row in zip(chunk, scores, strict=True):
                for own in self._by_source.get(source, ()):
                    row[own] = 0.0  # the sentence's own entry is reused as it stands, never suggested
                found = np.flatnonzero(row >= cutoff)
                picked = [
                    *self._best(row, found[self._approved[found]]),
                    *self._best(row, found[~self._approved[found]]),
                ]
                out.append(
                    tuple(
                        FuzzyMatch(e.source, e.target, round(float(row[k]) / 100, 3), _ORIGINS[e.origin])
                        for k in picked[: self.limit]
                        for e in (self._entries[k],)
                    )
                )
        return out

    def _best(self, row: npt.NDArray[np.float32], indexes: npt.NDArray[np.intp]) -> list[int]:
        """The ``limit`` best of ``indexes`` by score (ties: the earlier entry first)."""
        if len(indexes) > self.limit:
            indexes = indexes[np.argpartition(-row[indexes], self.limit - 1)[: self.limit]]
        return [int(k) for k in sorted(indexes.tolist(), key=lambda k: (-row[k], k))]


def candidates(conn: sqlite3.Connection, source_lang: str, target_lang: str) -> tuple[MatchCandidate, ...]:
    """Every entry of one language pair (read through ``TranslationMemory.connection()``)."""
    rows = conn.execute(
        "SELECT source, target, origin, reviewer, updated_at FROM entries WHERE source_lang = ? AND target_lang = ?",
        (source_lang, target_lang),
    )
    return tuple(MatchCandidate(*row) for row in rows)


def index_for(
    conn: sqlite3.Connection, source_lang: str, target_lang: str, *, threshold: float = DEFAULT_THRESHOLD
) -> FuzzyIndex:
    """The fuzzy index of one language pair of the memory (read once, then asked for every segment of a run)."""
    return FuzzyIndex(candidates(conn, source_lang, target_lang), threshold=threshold)


def with_matches(translations: Sequence[Translation], index: FuzzyIndex) -> tuple[Translation, ...]:
    """``translations`` with fuzzy matches attached to every one a translator may still review.

    Approved and kept segments need none.
    """
    if not len(index):
        return tuple(translations)
    wanted = [t for t in translations if t.origin not in (Origin.APPROVED, Origin.KEPT)]
    found = dict(zip((id(t) for t in wanted), index.matches_many([t.source for t in wanted]), strict=True))
    return tuple(dataclasses.replace(t, matches=found[id(t)]) if id(t) in found else t for t in translations)
