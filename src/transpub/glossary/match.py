"""Finding glossary terms in a segment's source text.

Rules: the longest match wins ("internally displaced persons" before "displaced persons"); matching ignores case
unless the entry is case-sensitive (acronyms by default); English plural and possessive forms match their term
("IDPs", "Member States'", "Fund's", "communities" for "community"); nothing is matched inside URLs, e-mail
addresses, backtick code, or inline markup that is never translated (``<code>``, ``translate="no"``).

>>> from transpub.glossary.model import GlossaryEntry, TermKind
>>> entries = [GlossaryEntry("displaced persons", TermKind.TRANSLATE, {"pt": ("pessoas deslocadas",)}),
...            GlossaryEntry("internally displaced persons", TermKind.TRANSLATE, {"pt": ("pessoas deslocadas",)}),
...            GlossaryEntry("GCRF", TermKind.KEEP)]
>>> [(m.text, m.possessive) for m in find_terms(entries, "The GCRF's help for internally displaced persons")]
[("GCRF's", "'s"), ('internally displaced persons', '')]
>>> find_terms(entries, "Mail gcrf@gcrf.org or see https://gcrf.org/GCRF")
()
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from transpub.document import InlineCode
from transpub.glossary.model import GlossaryEntry, TermMatch
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


def _with_plural(word: str) -> str:
    """A pattern for the last word of a term and its regular English plural (captured as ``plural``)."""
    if not word[-1:].isalpha():
        return re.escape(word) + "(?P<plural>)"
    if word[-1] in "yY" and len(word) > 1 and word[-2].lower() not in "aeiou":
        return re.escape(word[:-1]) + f"(?:{re.escape(word[-1])}|(?P<plural>ies))"  # community -> communities
    if word[-1] in "sxzSXZ" or word.lower().endswith(("ch", "sh")):
        return re.escape(word) + "(?P<plural>es)?"
    return re.escape(word) + "(?P<plural>s|es)?"


def term_pattern(entry: GlossaryEntry) -> re.Pattern[str]:
    """The regular expression that finds ``entry`` with its plural and possessive forms.

    >>> from transpub.glossary.model import GlossaryEntry, TermKind
    >>> p = term_pattern(GlossaryEntry("coastal community", TermKind.TRANSLATE))
    >>> [m.group(0) for m in p.finditer("Coastal communities and a coastal community's")]
    ['Coastal communities', "coastal community's"]
    >>> idp = term_pattern(GlossaryEntry("IDP", TermKind.KEEP))
    >>> bool(idp.search("idps")), idp.search("IDPs").group(0)
    (False, 'IDPs')
    """
    words = entry.source.split()
    body = r"\s+".join([*(re.escape(w) for w in words[:-1]), _with_plural(words[-1])])
    possessive = r"(?P<poss>['’]s\b|(?<=[sS])['’](?!\w))?"
    flags = 0 if entry.case_sensitive else re.IGNORECASE
    return re.compile(rf"(?<![\w@/.-]){body}{possessive}(?![\w@])", flags)


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


def _candidates(entries: Iterable[GlossaryEntry], text: str, base: int) -> list[TermMatch]:
    blocked = _excluded(text)
    found: list[TermMatch] = []
    for entry in entries:
        for m in term_pattern(entry).finditer(text):
            start, end = m.span()
            if any(s < end and start < e for s, e in blocked):
                continue
            found.append(
                TermMatch(
                    entry=entry,
                    start=base + start,
                    end=base + end,
                    text=m.group(0),
                    plural=bool(m.group("plural")),
                    possessive=m.group("poss") or "",
                )
            )
    return found


def find_terms(
    entries: Sequence[GlossaryEntry], tagged_source: str, codes: Sequence[InlineCode] = ()
) -> tuple[TermMatch, ...]:
    """Non-overlapping matches of ``entries`` in ``tagged_source``, longest first, returned in text order."""
    skip = untranslatable_ids(codes)
    candidates: list[TermMatch] = []
    for base, text in _runs(tagged_source, skip):
        candidates += _candidates(entries, text, base)
    candidates.sort(key=lambda m: (-(m.core_end - m.start), m.start))
    chosen: list[TermMatch] = []
    for cand in candidates:
        if all(cand.end <= c.start or c.end <= cand.start for c in chosen):
            chosen.append(cand)
    return tuple(sorted(chosen, key=lambda m: m.start))
