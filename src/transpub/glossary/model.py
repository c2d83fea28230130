"""Glossary values: entries (keep, translate, forbidden), the combined :class:`Glossary`, and term matches.

An entry is one source term with what it must become in each target language:

>>> entry = GlossaryEntry("early warning system", TermKind.TRANSLATE,
...                       targets={"pt": ("sistema de alerta precoce",)}, origin="gcrf.csv:4")
>>> entry.target("pt-BR"), entry.target("fr")
('sistema de alerta precoce', None)
>>> GlossaryEntry("GCRF", TermKind.KEEP, origin="gcrf.csv:2").case_sensitive   # acronyms default to exact case
True
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property

from transpub.document import InlineCode
from transpub.glossary.entry import GlossaryEntry, TermKind, TermMatch, is_acronym, lookup_language
from transpub.glossary.match import Matcher

__all__ = ["Glossary", "GlossaryConflict", "GlossaryEntry", "TermKind", "TermMatch", "is_acronym", "lookup_language"]


@dataclass(frozen=True)
class GlossaryConflict:
    """Two glossaries defined the same term differently; the later one (``winner``) was kept."""

    source: str
    loser: str
    winner: str

    def __str__(self) -> str:
        return f"glossary term {self.source!r} defined at {self.loser} is overridden by {self.winner}"


@dataclass(frozen=True)
class Glossary:
    """The combined glossary of a run: entries for one source language and its target languages."""

    source_lang: str
    targets: tuple[str, ...]
    entries: tuple[GlossaryEntry, ...]
    conflicts: tuple[GlossaryConflict, ...] = ()
    paths: tuple[str, ...] = ()

    def find(self, tagged_source: str, codes: Sequence[InlineCode] = ()) -> tuple[TermMatch, ...]:
        """The entries found in a tagged source text, longest match first, in text order.

        ``codes`` (the segment's :class:`~transpub.document.InlineCode` values) lets matching skip text inside
        inline ``<code>`` or ``translate="no"`` markup.
        """
        return self.matcher.find(tagged_source, codes)

    @cached_property
    def matcher(self) -> Matcher:
        """The glossary's one :class:`~transpub.glossary.match.Matcher` (an automaton over every term form), built
        on first use and kept."""
        return Matcher(self.entries)

    @cached_property
    def _forbidden_by_lang(self) -> dict[str, tuple[GlossaryEntry, ...]]:
        return {}

    def forbidden(self, lang: str) -> tuple[GlossaryEntry, ...]:
        """The forbidden entries that have words for ``lang`` (computed once per language)."""
        cache = self._forbidden_by_lang
        if lang not in cache:
            cache[lang] = tuple(e for e in self.entries if e.forbidden_words(lang))
        return cache[lang]

    def fingerprint(self, matches: Iterable[TermMatch], target_lang: str) -> str:
        """A short hash of what the matched entries demand in ``target_lang`` (empty string when nothing matched).

        A stored translation stays valid while its segment's fingerprint is unchanged.
        """
        described = sorted(
            {json.dumps(m.entry.describe(target_lang), sort_keys=True, ensure_ascii=False) for m in matches}
        )
        if not described:
            return ""
        return hashlib.sha256("\n".join(described).encode("utf-8")).hexdigest()[:16]

    @property
    def version(self) -> str:
        """A hash of every entry, for "glossary changed since the last publish"."""
        blob = json.dumps(
            [
                [e.source, str(e.kind), {k: list(v) for k, v in sorted(e.targets.items())}, e.case_sensitive]
                + ([{k: g.as_dict() for k, g in sorted(e.grammar.items())}] if e.grammar else [])
                for e in self.entries
            ],
            ensure_ascii=False,
        )
        return hashlib.sha256(blob.encode("utf-8")).hexdigest()[:16]
