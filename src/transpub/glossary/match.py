"""Finding glossary terms in a segment's source text.

Rules: the longest match wins ("internally displaced persons" before "displaced persons"); matching ignores case
unless the entry is case-sensitive (acronyms by default); English plural and possessive forms match their term
("IDPs", "Member States'", "Fund's", "communities" for "community"), and so do English irregular plurals, found by
the ``inflect`` library ("people" for "person", "children", "women", "analyses"); nothing is matched inside URLs,
e-mail addresses, backtick code, or inline markup that is never translated (``<code>``, ``translate="no"``).

A :class:`Matcher` is built once per glossary: one Aho-Corasick automaton (``pyahocorasick``) over every form of
every term, so matching a text costs time linear in the text, whatever the glossary's size.

>>> from transpub.glossary.entry import GlossaryEntry, TermKind
>>> entries = [GlossaryEntry("displaced persons", TermKind.TRANSLATE, {"pt": ("pessoas deslocadas",)}),
...            GlossaryEntry("internally displaced persons", TermKind.TRANSLATE, {"pt": ("pessoas deslocadas",)}),
...            GlossaryEntry("GCRF", TermKind.KEEP)]
>>> [(m.text, m.possessive) for m in find_terms(entries, "The GCRF's help for internally displaced persons")]
[("GCRF's", "'s"), ('internally displaced persons', '')]
>>> find_terms(entries, "Mail gcrf@gcrf.org or see https://gcrf.org/GCRF")
()
>>> child = GlossaryEntry("unaccompanied child", TermKind.TRANSLATE, {"pt": ("criança desacompanhada",)})
>>> [(m.text, m.plural) for m in find_terms([child], "Unaccompanied children and an unaccompanied child's file")]
[('Unaccompanied children', True), ("unaccompanied child's", False)]
"""

from __future__ import annotations

import gc
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

import ahocorasick

from transpub.document import InlineCode
from transpub.glossary.entry import GlossaryEntry, TermMatch
from transpub.text.placeholders import LINK
from transpub.text.tagged import Close, Open, Text, parse

_UNTRANSLATABLE_TAG = re.compile(r"^<\s*(code|kbd|samp|var|pre|script|style)\b", re.IGNORECASE)
_NO_TRANSLATE_ATTR = re.compile(
    r"""\btranslate\s*=\s*["']?no\b|\bclass\s*=\s*["'][^"']*\bnotranslate\b""", re.IGNORECASE
)
_BACKTICK_CODE = re.compile(r"`[^`\n]+`")


def is_untranslatable_markup(opening: str) -> bool:
    """Whether an inline code's opening markup marks content that is never translated.

    >>> is_untranslatable_markup('<code>'), is_untranslatable_markup('<span translate="no">')
    (True, True)
    >>> is_untranslatable_markup('<a href="/code">'), is_untranslatable_markup('<b class="notranslate x">')
    (False, True)
    """
    return bool(_UNTRANSLATABLE_TAG.match(opening) or _NO_TRANSLATE_ATTR.search(opening))


def untranslatable_ids(codes: Sequence[InlineCode]) -> frozenset[str]:
    """Ids of the paired codes whose content must not be translated or matched."""
    return frozenset(c.id for c in codes if c.paired and is_untranslatable_markup(c.opening))


def regular_plurals(word: str) -> tuple[str, ...]:
    """The regular English plural endings of ``word`` (what matching accepted before irregular plurals).

    >>> regular_plurals("community"), regular_plurals("box"), regular_plurals("State"), regular_plurals("2030")
    (('communities',), ('boxes',), ('States', 'Statees'), ())
    """
    if not word[-1:].isalpha():
        return ()
    if word[-1] in "yY" and len(word) > 1 and word[-2].lower() not in "aeiou":
        return (word[:-1] + "ies",)
    if word[-1] in "sxzSXZ" or word.lower().endswith(("ch", "sh")):
        return (word + "es",)
    return (word + "s", word + "es")


def _fold(text: str) -> str:
    """Lower case, one character for one (so offsets stay valid)."""
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(low if len(low := c.lower()) == 1 else c for c in text)


class _Form(NamedTuple):
    entry: int  # index into the matcher's entries
    exact: str  # the form as written, single-spaced (compared as is for case-sensitive entries)
    plural: bool  # a plural of the entry's term


_TOKEN = re.compile(r"\w+|\s+|.", re.DOTALL)
_WORD = re.compile(r"[^\W\d_]+")


@dataclass(frozen=True)
class _Folded:
    """A text folded for the automaton: lower case, each run of whitespace one space, some words replaced; with the
    original offsets of each folded character (``starts``/``ends``) and the folded spans of replaced words."""

    text: str
    starts: tuple[int, ...]
    ends: tuple[int, ...]
    replaced: frozenset[int]  # folded end offsets of the replaced words


def _folded(text: str, replace: dict[str, str] | None = None) -> _Folded:
    parts: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    replaced: set[int] = set()
    length = 0
    for m in _TOKEN.finditer(text):
        tok = m.group(0)
        a, b = m.span()
        if tok[0].isspace():
            parts.append(" ")
            starts.append(a)
            ends.append(b)
            length += 1
            continue
        low = _fold(tok)
        if replace and low in replace:
            new = replace[low]
            parts.append(new)
            starts += [a] * len(new)
            ends += [b] * len(new)
            replaced.add(length + len(new))
            length += len(new)
            continue
        parts.append(low)
        starts += range(a, b)
        ends += range(a + 1, b + 1)
        length += len(low)
    return _Folded("".join(parts), tuple(starts), tuple(ends), frozenset(replaced))


_POSSESSIVE = re.compile(r"['’]s\b|(?<=[sS])['’](?!\w)")


class Matcher:
    """Every form of every entry in one Aho-Corasick automaton, built once; :meth:`find` is linear in the text.

    Forms: the term, its last word's regular English plurals, and (in case-insensitive entries) irregular plurals,
    which are recognised in the text by ``inflect`` and matched as the regular form of the same number.
    """

    def __init__(self, entries: Sequence[GlossaryEntry]) -> None:
        self.entries = tuple(entries)
        self._automaton: Any = ahocorasick.Automaton()
        self._singular: dict[str, str | None] = {}  # text word -> its singular, when an irregular plural
        self._inflect: Any = None
        # Building allocates a few objects per term; the cyclic garbage collector would scan them all again and
        # again (more than half the build time of a 50,000-term glossary), and none of them can form a cycle.
        collecting = gc.isenabled()
        gc.disable()
        try:
            self._build()
        finally:
            if collecting:
                gc.enable()

    def _build(self) -> None:
        keys: dict[str, list[_Form]] = {}
        for index, entry in enumerate(self.entries):
            words = entry.source.split()
            if not words:
                continue
            last = words[-1]
            head = " ".join(words[:-1]) + " " if len(words) > 1 else ""
            folded_head = _fold(head)
            keys.setdefault(folded_head + _fold(last), []).append(_Form(index, head + last, False))
            for plural in regular_plurals(last):
                keys.setdefault(folded_head + _fold(plural), []).append(_Form(index, head + plural, True))
        add = self._automaton.add_word
        for key, forms in keys.items():
            add(key, (len(key), tuple(forms)))
        if keys:
            self._automaton.make_automaton()
        self._empty = not keys

    def __reduce__(self) -> tuple[Any, ...]:  # rebuilt after pickling (plain values cross task boundaries)
        return (Matcher, (self.entries,))

    def find(self, tagged_source: str, codes: Sequence[InlineCode] = ()) -> tuple[TermMatch, ...]:
        """Non-overlapping matches in ``tagged_source``, longest first, returned in text order."""
        if self._empty:
            return ()
        skip = untranslatable_ids(codes)
        candidates: list[TermMatch] = []
        for base, text in _runs(tagged_source, skip):
            candidates += self._candidates(text, base)
        candidates.sort(key=lambda m: (-(m.core_end - m.start), m.start))
        chosen: list[TermMatch] = []
        taken = bytearray(max((m.end for m in candidates), default=0))
        for cand in candidates:
            if not any(taken[cand.start : cand.end]):
                chosen.append(cand)
                taken[cand.start : cand.end] = b"\x01" * (cand.end - cand.start)
        return tuple(sorted(chosen, key=lambda m: m.start))

    def _candidates(self, text: str, base: int) -> list[TermMatch]:
        blocked = _excluded(text)
        found: dict[tuple[int, int, int], TermMatch] = {}
        irregular = self._irregular_words(text)
        passes = [_folded(text)]
        if irregular:
            passes.append(_folded(text, irregular))
            passes.append(_folded(text, {w: regular_plurals(s)[0] for w, s in irregular.items()}))
        for number, folded in enumerate(passes):
            for match in self._hits(text, folded, number):
                start, end = match.start, match.end
                if any(s < end and start < e for s, e in blocked):
                    continue
                shifted = TermMatch(match.entry, base + start, base + end, match.text, match.plural, match.possessive)
                found.setdefault((id(match.entry), start, end), shifted)
        return list(found.values())

    def _irregular_words(self, text: str) -> dict[str, str]:
        """Folded words of ``text`` that are irregular English plurals -> their singular (``people`` -> ``person``)."""
        result: dict[str, str] = {}
        for word in {_fold(w) for w in _WORD.findall(text) if len(w) > 2}:
            if word not in self._singular:
                self._singular[word] = self._irregular_singular(word)
            singular = self._singular[word]
            if singular is not None:
                result[word] = singular
        return result

    def _irregular_singular(self, word: str) -> str | None:
        if self._inflect is None:
            # inflect compiles its rule tables at import (about a second), so it is imported only when a glossary
            # is actually matched
            import inflect

            self._inflect = inflect.engine()
        singular = self._inflect.singular_noun(word)
        if not isinstance(singular, str) or not singular or singular == word or word in regular_plurals(singular):
            return None
        return singular

    def _hits(self, text: str, folded: _Folded, pass_number: int) -> Iterator[TermMatch]:
        """Matches of the automaton in one folded form of ``text``.

        Pass 0 is the text itself. Pass 1 has each irregular plural put back to its singular (``people`` ->
        ``person``): a singular form matched there is a plural of its entry. Pass 2 has it as the regular plural
        (``persons``): a form matched there has the number it has in pass 0. Passes 1 and 2 keep only matches that
        end on such a word (the others are pass 0's) and skip case-sensitive entries.
        """
        for last, (key_length, forms) in self._automaton.iter(folded.text):
            b_f = last + 1
            a_f = b_f - key_length
            if a_f > 0 and _BEFORE.match(folded.text[a_f - 1]):
                continue
            if pass_number and b_f not in folded.replaced:
                continue
            start, core_end = folded.starts[a_f], folded.ends[b_f - 1]
            end, possessive = _term_end(text, core_end)
            if end is None:
                continue
            for form in forms:
                entry = self.entries[form.entry]
                if pass_number and (entry.case_sensitive or (pass_number == 1 and form.plural)):
                    continue
                if entry.case_sensitive and " ".join(text[start:core_end].split()) != form.exact:
                    continue
                plural = True if pass_number == 1 else form.plural
                yield TermMatch(entry, start, end, text[start:end], plural, possessive)


_BEFORE = re.compile(r"[\w@/.-]")
_AFTER = re.compile(r"[\w@]")


def _term_end(text: str, core_end: int) -> tuple[int | None, str]:
    """Where a match ending at ``core_end`` ends with its possessive (``'s``, or ``'`` after an s), and the
    possessive; None when the term runs on into a word."""
    poss = _POSSESSIVE.match(text, core_end)
    if poss is not None and not _AFTER.match(text, poss.end()):
        return poss.end(), poss.group(0)
    if _AFTER.match(text, core_end):
        return None, ""
    return core_end, ""


def _excluded(text: str) -> list[tuple[int, int]]:
    spans = [m.span() for m in LINK.finditer(text)]
    spans += [m.span() for m in _BACKTICK_CODE.finditer(text)]
    return spans


def _runs(tagged: str, skip_ids: frozenset[str]) -> Iterable[tuple[int, str]]:
    """(plain offset, text) for each run of translatable text between inline codes."""
    offset = 0
    hidden: list[str] = []
    for tok in parse(tagged):
        if isinstance(tok, Text):
            if not hidden:
                yield offset, tok.text
            offset += len(tok.text)
        elif isinstance(tok, Open):
            if tok.id in skip_ids or hidden:
                hidden.append(tok.id)
        elif isinstance(tok, Close) and hidden and hidden[-1] == tok.id:
            hidden.pop()


def find_terms(
    entries: Sequence[GlossaryEntry], tagged_source: str, codes: Sequence[InlineCode] = ()
) -> tuple[TermMatch, ...]:
    """Non-overlapping matches of ``entries`` in ``tagged_source``, longest first, returned in text order.

    Builds a :class:`Matcher` for this call; a glossary keeps one (``Glossary.find``).
    """
    return Matcher(entries).find(tagged_source, codes)
