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

import enum
import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType

from transpub.document import InlineCode


class TermKind(enum.StrEnum):
    """What a glossary entry demands of a translation."""

    KEEP = "keep"  # never translated: the source form is used in every language
    TRANSLATE = "translate"  # the target cell is the mandated translation
    FORBIDDEN = "forbidden"  # the target cells list words that must never appear in that language


def is_acronym(term: str) -> bool:
    """Whether ``term`` looks like an acronym (two or more capitals, no lower-case letter).

    >>> is_acronym("GCRF"), is_acronym("IDPs"), is_acronym("Tidewatch")
    (True, False, False)
    """
    letters = [c for c in term if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def _frozen_targets(value: Mapping[str, Sequence[str]] | None) -> Mapping[str, tuple[str, ...]]:
    return MappingProxyType({lang: tuple(words) for lang, words in (value or {}).items()})


def lookup_language(mapping: Mapping[str, object], lang: str) -> str | None:
    """The key of ``mapping`` that serves language ``lang``: the exact tag, else the same base language.

    >>> lookup_language({"pt": 1, "es": 2}, "pt-BR"), lookup_language({"pt-BR": 1}, "pt"), lookup_language({}, "pt")
    ('pt', 'pt-BR', None)
    """
    if lang in mapping:
        return lang
    base = lang.split("-")[0].lower()
    if base in mapping:
        return base
    for key in mapping:
        if key.split("-")[0].lower() == base:
            return key
    return None


@dataclass(frozen=True)
class GlossaryEntry:
    """One source term and what it must become per target language.

    ``targets`` maps a language tag to its target terms: one mandated term for ``translate`` entries, the forbidden
    words for ``forbidden`` entries, nothing for ``keep`` entries. ``origin`` says where the entry was defined
    (``file:line`` or ``file#entry-id``) so messages and conflict reports can point at it.
    """

    source: str
    kind: TermKind
    targets: Mapping[str, tuple[str, ...]] = field(default_factory=lambda: _frozen_targets(None))
    case_sensitive: bool | None = None
    note: str | None = None
    origin: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "targets", _frozen_targets(self.targets))
        if self.case_sensitive is None:
            object.__setattr__(self, "case_sensitive", is_acronym(self.source))

    def __hash__(self) -> int:  # targets is a read-only mapping, which is not hashable itself
        return hash((self.source, self.kind, tuple(sorted(self.targets.items())), self.case_sensitive, self.origin))

    @property
    def key(self) -> tuple[bool, str]:
        """Identity used to combine glossaries: forbidden entries live apart from keep/translate ones."""
        return (self.kind is TermKind.FORBIDDEN, self.source.casefold())

    def target(self, lang: str) -> str | None:
        """The text this entry puts in ``lang``: the source form for keep, the mandated term for translate."""
        if self.kind is TermKind.KEEP:
            return self.source
        if self.kind is TermKind.FORBIDDEN:
            return None
        key = lookup_language(self.targets, lang)
        return self.targets[key][0] if key is not None and self.targets[key] else None

    def forbidden_words(self, lang: str) -> tuple[str, ...]:
        """Words that must not appear in ``lang`` (forbidden entries only)."""
        if self.kind is not TermKind.FORBIDDEN:
            return ()
        key = lookup_language(self.targets, lang)
        return self.targets[key] if key is not None else ()

    def describe(self, lang: str) -> dict[str, object]:
        """A JSON-ready summary of what this entry means for ``lang`` (used for fingerprints)."""
        return {
            "source": self.source,
            "kind": str(self.kind),
            "target": self.target(lang),
            "forbidden": list(self.forbidden_words(lang)),
            "case_sensitive": self.case_sensitive,
        }


@dataclass(frozen=True)
class TermMatch:
    """One occurrence of a glossary entry in a segment's source.

    ``start``/``end`` are offsets in the segment's *plain* text (:func:`transpub.text.tagged.to_plain`); ``text`` is the
    surface form found (``IDPs``, ``Fund's``); ``possessive`` is the trailing ``'s``/``'`` that belongs to the
    sentence rather than to the term, so protection hides only ``text`` minus ``possessive``.
    """

    entry: GlossaryEntry
    start: int
    end: int
    text: str
    plural: bool = False
    possessive: str = ""

    @property
    def core(self) -> str:
        """The matched term without its possessive ending (``GCRF`` for ``GCRF's``)."""
        return self.text[: len(self.text) - len(self.possessive)] if self.possessive else self.text

    @property
    def core_end(self) -> int:
        return self.end - len(self.possessive)


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
        from transpub.glossary.match import find_terms

        return find_terms(self.entries, tagged_source, codes)

    def forbidden(self, lang: str) -> tuple[GlossaryEntry, ...]:
        """The forbidden entries that have words for ``lang``."""
        return tuple(e for e in self.entries if e.forbidden_words(lang))

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
                for e in self.entries
            ],
            ensure_ascii=False,
        )
        return hashlib.sha256(blob.encode("utf-8")).hexdigest()[:16]
