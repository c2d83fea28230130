"""Glossary entries (keep, translate, forbidden) and the term matches found in a source text.

The values :mod:`transpub.glossary.match` produces and :mod:`transpub.glossary.model` combines; this module imports
no other glossary module, so matching and the combined glossary both build on it without an import cycle.

>>> entry = GlossaryEntry("early warning system", TermKind.TRANSLATE,
...                       targets={"pt": ("sistema de alerta precoce",)}, origin="gcrf.csv:4")
>>> entry.target("pt-BR"), entry.target("fr")
('sistema de alerta precoce', None)
"""

from __future__ import annotations

import enum
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType


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
    if not term.isupper():  # some lower-case letter, or no cased letter at all
        return False
    return sum(c.isalpha() for c in term) >= 2 and all(c.isupper() for c in term if c.isalpha())


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
class TermGrammar:
    """What a glossary says about a target term's grammar in one language (every field optional).

    ``gender`` is ``m`` or ``f``; ``number`` ``sg`` or ``pl`` (a term that is plural already, like
    ``Estados-Membros``); ``plural`` the plural form (``"-"``: the term has none, it is invariable); ``pos`` the part
    of speech (``noun``, ``adj``, ``properNoun``…). A keep-term carries the gender it takes in each language.
    """

    gender: str | None = None
    number: str | None = None
    plural: str | None = None
    pos: str | None = None

    def as_dict(self) -> dict[str, str]:
        return {
            k: v
            for k, v in (("gender", self.gender), ("number", self.number), ("plural", self.plural), ("pos", self.pos))
            if v
        }


NO_GRAMMAR = TermGrammar()


def _frozen_grammar(value: Mapping[str, TermGrammar] | None) -> Mapping[str, TermGrammar]:
    return MappingProxyType({lang: g for lang, g in (value or {}).items() if g != NO_GRAMMAR})


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
    grammar: Mapping[str, TermGrammar] = field(default_factory=lambda: _frozen_grammar(None))

    def __post_init__(self) -> None:
        object.__setattr__(self, "targets", _frozen_targets(self.targets))
        object.__setattr__(self, "grammar", _frozen_grammar(self.grammar))
        if self.case_sensitive is None:
            object.__setattr__(self, "case_sensitive", is_acronym(self.source))

    def __hash__(self) -> int:  # targets is a read-only mapping, which is not hashable itself
        return hash(
            (
                self.source,
                self.kind,
                tuple(sorted(self.targets.items())),
                self.case_sensitive,
                self.origin,
                tuple(sorted(self.grammar.items())),
            )
        )

    def grammar_for(self, lang: str) -> TermGrammar:
        """The grammar the glossary gives for ``lang`` (the same base language serves), or an empty one."""
        key = lookup_language(self.grammar, lang)
        return self.grammar[key] if key is not None else NO_GRAMMAR

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
            **({"grammar": grammar} if (grammar := self.grammar_for(lang).as_dict()) else {}),
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
