"""Number agreement of "million"/"billion" with the number before it, by each language's written norm.

* Portuguese: 2 and above take the plural ("2,5 milhões"), so "2,5 milhão" is wrong in both varieties; a number from
  1 to under 2 takes the singular in Brazilian press style ("1,3 milhão", "1,5 bilhão": the style manuals of Folha de
  S.Paulo and O Estado de S. Paulo), so "1,3 milhões" is flagged on pt-BR pages only (Portugal accepts both).
* Spanish: only "un millón" is singular; any other number takes the plural ("1,3 millones", RAE, Diccionario
  panhispánico de dudas, "millón"), so "1,3 millón" is flagged.
* French: a number under 2 takes the singular ("1,5 million", Académie française; "deux millions"), so "1,3
  millions" and "2,5 million" are flagged.
* Arabic: not checked (the counted noun's case and number follow other rules).

"One in five <noun>" takes the noun's gender: "uma em cada cinco escolas", "um em cada três homens", "una de cada
cinco niñas" (Portuguese, Spanish; the noun's gender from its plural ending, "-as"/"-ções"/"-dades" feminine, "-os"
masculine, nouns in "-mas"/"-pas" and "dias" left out). Where no noun follows ("menos de um em cada cinco tem") the
head is somewhere before and is not guessed.

>>> number_noun_problems("Mais de 1,3 milhões de crianças.", "pt-BR"), number_noun_problems("1,3 millones", "es")
(['1,3 milhões'], [])
>>> one_in_n_problems("Um em cada cinco escolas fechou.", "pt"), one_in_n_problems("Uma em cada cinco escolas.", "pt")
(['Um em cada cinco escolas'], [])
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from decimal import Decimal
from types import MappingProxyType

# (singular forms, plural forms) of the large-number nouns per language
_NOUNS: Mapping[str, tuple[frozenset[str], frozenset[str]]] = MappingProxyType(
    {
        "pt": (frozenset({"milhão", "bilhão", "trilhão"}), frozenset({"milhões", "bilhões", "trilhões"})),
        "es": (frozenset({"millón", "billón"}), frozenset({"millones", "billones"})),
        "fr": (frozenset({"million", "milliard", "billion"}), frozenset({"millions", "milliards", "billions"})),
    }
)
# A number in the decimal-comma style of these languages, not part of a longer number ("1.300,5", "2024")
_NUMBER = r"(?<![\d.,])(\d{1,3}(?:,\d+)?)"


def _singular_wanted(value: Decimal, variety: str) -> bool | None:
    """Whether the noun after ``value`` must be singular (True), plural (False), or either (None)."""
    lang = variety.split("-")[0]
    if value == 1:
        return True
    if value < 1:
        return None  # "0,5 milhão": usage varies
    if value < 2:
        return {"pt": True if variety == "pt-BR" else None, "es": False, "fr": True}.get(lang)
    return False


def number_noun_problems(text: str, variety: str) -> list[str]:
    """Spans "number + million" whose noun's number is not the one the language's norm wants (module text);
    ``variety``: the page's variety ("pt-BR") or base language ("es")."""
    lang = variety.split("-")[0]
    nouns = _NOUNS.get(lang)
    if nouns is None:
        return []
    singular, plural = nouns
    words = "|".join(sorted(singular | plural))
    found = []
    for m in re.finditer(rf"{_NUMBER}\s+({words})(?!\w)", text, re.IGNORECASE):
        wanted = _singular_wanted(Decimal(m.group(1).replace(",", ".")), variety)
        noun = m.group(2).casefold()
        if (wanted is True and noun in plural) or (wanted is False and noun in singular):
            found.append(m.group(0))
    return found


# "one in N <noun>": (masculine "one", feminine "one", the words between "one" and the number)
_ONE_IN: Mapping[str, tuple[str, str, str]] = MappingProxyType(
    {"pt": ("um", "uma", r"em\s+cada|de\s+cada"), "es": ("uno", "una", r"de\s+cada|en\s+cada")}
)
_FEMININE = re.compile(r"(?:as|ções|ciones|dades)$")
_MASCULINE = re.compile(r"os$")
_NO_GENDER = re.compile(r"(?:mas|pas|dias)$")


def _plural_gender(noun: str) -> str | None:
    noun = noun.casefold()
    if _NO_GENDER.search(noun):
        return None
    if _FEMININE.search(noun):
        return "f"
    return "m" if _MASCULINE.search(noun) else None


def one_in_n_problems(text: str, lang: str) -> list[str]:
    """Spans "one in N <noun>" whose "one" is not of the noun's gender (module text)."""
    forms = _ONE_IN.get(lang)
    if forms is None:
        return []
    masculine, feminine, link = forms
    pattern = rf"(?<![\w-])({masculine}|{feminine})\s+(?:{link})\s+(?:\d+|[a-zà-ÿ]+)\s+([a-zà-ÿ][\w-]*)(?![\w-])"
    found = []
    for m in re.finditer(pattern, text, re.IGNORECASE):
        gender = _plural_gender(m.group(2))
        one = m.group(1).casefold()
        if (gender == "f" and one == masculine) or (gender == "m" and one == feminine):
            found.append(m.group(0))
    return found
