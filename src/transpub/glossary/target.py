"""Finding glossary terms in *target* text: is a mandated term there, a keep-term intact, a forbidden word used?

Target matching tolerates what a correct translation does to a term: a different case at the start of a sentence,
a plural ending on each word (``sistemas de alerta precoce``), and in Arabic a one-letter proclitic on the first
word (``والدول الأعضاء``). Keep-terms must come back exactly, case included.

>>> has_mandated("Os sistemas de alerta precoce salvaram vidas.", "sistema de alerta precoce")
True
>>> has_mandated("Os sistemas de aviso precoce salvaram vidas.", "sistema de alerta precoce")
False
>>> has_mandated("ودعت والدول الأعضاء", "الدول الأعضاء")
True
>>> keep_count("O GCRF e o gcrf", "GCRF"), found_forbidden("Os Refugiados Climáticos", "refugiados climáticos")
(1, True)
>>> pluralize("sistema de alerta precoce", "pt"), pluralize("sistema de alerta temprana", "es")
('sistemas de alerta precoce', 'sistemas de alerta temprana')
>>> pluralize("système d'alerte précoce", "fr"), pluralize("نظام الإنذار المبكر", "ar")
("systèmes d'alerte précoce", 'نظام الإنذار المبكر')
"""

from __future__ import annotations

import re

_LATIN_PLURAL = r"(?:s|es)?"
# Words that end the head of a Romance noun phrase ("sistema de alerta"): only the words before them are pluralised.
_PHRASE_BREAK = {
    "pt": ("de", "do", "da", "dos", "das", "para", "em", "a", "à"),
    "es": ("de", "del", "para", "en", "a"),
    "fr": ("de", "du", "des", "d'", "d’", "pour", "en", "à"),
}
_ARABIC_PROCLITIC = "(?:[وفبلك]|لل)?"


def _is_arabic(text: str) -> bool:
    return any("\u0600" <= ch <= "\u06ff" for ch in text)


def target_pattern(term: str) -> re.Pattern[str]:
    """A case-insensitive pattern for ``term`` in target text, tolerant of plural endings (and Arabic proclitics)."""
    words = term.split()
    if _is_arabic(term):
        body = _ARABIC_PROCLITIC + r"\s+".join(re.escape(w) for w in words)
    else:
        body = r"\s+".join(re.escape(w) + (_LATIN_PLURAL if w[-1:].isalpha() else "") for w in words)
    return re.compile(rf"(?<!\w){body}(?!\w)", re.IGNORECASE)


def has_mandated(target_plain: str, term: str) -> bool:
    """Whether the mandated ``term`` (or its plural) appears in the plain target text."""
    return target_pattern(term).search(target_plain) is not None


def keep_count(target_plain: str, term: str) -> int:
    """How many times the keep-term appears exactly (case-sensitive, whole words) in the plain target text."""
    return len(re.findall(rf"(?<!\w){re.escape(term)}(?!\w)", target_plain))


def found_forbidden(target_plain: str, word: str) -> bool:
    """Whether a forbidden word (or its plural) appears in the plain target text."""
    return has_mandated(target_plain, word)


_VOWELS = "aeiouáéíóúâêôãõàèù"


def _plural_word(word: str, lang: str) -> str:
    """The regular plural of one word; irregular endings (Portuguese -l, -m, -ão) are left alone."""
    if not word[-1:].isalpha() or word[-1] in "sxzSXZ":
        return word
    last = word[-1].lower()
    if lang == "fr" or last in _VOWELS:
        return word + "s"
    if last == "r" or (lang == "es" and last in "lnd"):
        return word + "es"
    return word


def pluralize(term: str, lang: str) -> str:
    """A plural of a Portuguese, Spanish or French noun-phrase term for a plural source match; others unchanged.

    Only regular endings are produced (``-s``, ``-es``), which :func:`has_mandated` also accepts, so a pluralised
    term is still recognised as the mandated one.
    """
    base = lang.split("-")[0].lower()
    breaks = _PHRASE_BREAK.get(base)
    if breaks is None:
        return term
    words = term.split(" ")
    out: list[str] = []
    for i, word in enumerate(words):
        low = word.lower()
        if low in breaks or low.startswith(("d'", "d’")):
            return " ".join(out + words[i:])
        out.append("-".join(_plural_word(part, base) for part in word.split("-")))
    return " ".join(out)
