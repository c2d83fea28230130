"""Gender agreement with the subject: a participle ("a equipe foi treinado") or an ordinal predicate ("Comunidades
costeiras são muitas vezes os últimos a receber ajuda") of the other gender.

The subject is an article and one noun, or (for the predicate) a plural noun opening the sentence with at most an
adjective; the article gives the gender where there is one, else the noun's ending ("-as" feminine, "-os"
masculine; nouns in "-ma" and "dias", masculine, left out). A noun after a preposition's contraction ("do", "no",
"del", "du") is in a complement, not the subject, and is not read. Participles in Portuguese, Spanish and French,
ordinal predicates in Portuguese and Spanish (a French ordinal's article, "les", marks no gender); no Arabic.

>>> participle_problems("A equipe foi treinado.", "pt"), participle_problems("A equipe foi treinada.", "pt")
(['A equipe foi treinado'], [])
>>> predicate_problems("Comunidades costeiras são muitas vezes os últimos a receber ajuda.", "pt")
['Comunidades costeiras são muitas vezes os últimos']
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from types import MappingProxyType

_LOWER_WORD = r"[a-zà-ÿ][\w'-]*"

# Gender agreement of a participle with its subject: article, one noun, a form of "be", the participle.
_BE: Mapping[str, str] = MappingProxyType(
    {
        # "a ser"/"a serem"/"para ser" + participle: the participle takes the noun before it ("um problema a ser
        # gerenciado", "un problema a ser resuelto")
        "pt": r"foi|foram|está|estão|é|são|será|serão|ficou|ficaram|a ser|a serem|para ser|para serem",
        "es": r"fue|fueron|está|están|es|son|será|serán|quedó|quedaron|a ser|para ser|por ser",
        "fr": r"a été|ont été|est|sont|sera|seront",
    }
)
_GENDER: Mapping[str, tuple[tuple[str, str], ...]] = MappingProxyType(
    {
        # (article of one gender, participle ending of the other)
        # no contraction of a preposition ("do", "no", "del", "du"): the noun after it is in a complement, not the
        # subject ("Uma em cada quatro casas no distrito foi danificada")
        "pt": ((r"as?|umas?", r"ados?|idos?"), (r"os?|uns|um", r"adas?|idas?")),
        "es": ((r"las?|unas?", r"ados?|idos?"), (r"los|el|unos?", r"adas?|idas?")),
        "fr": ((r"la|une", r"és?"), (r"le|un", r"ées?")),
    }
)


def participle_problems(target: str, lang: str) -> list[str]:
    """A participle whose gender is not its subject's ("a equipe foi treinado", "el informe fue publicada")."""
    be = _BE.get(lang)
    found: list[str] = []
    for article, ending in _GENDER.get(lang, ()):
        pattern = (
            rf"(?<![\w-])(?:{article})\s+{_LOWER_WORD}\s+(?:{be})\s+(?:\w+ment[e]?\s+)?[a-zà-ÿ]+(?:{ending})(?!\w)"
        )
        found.extend(m.group(0) for m in re.finditer(pattern, target, re.IGNORECASE))
    return found


# An ordinal predicate ("os últimos a receber", "las primeras en llegar"; Portuguese and Spanish): a form of "be",
# at most an adverb, the article and the ordinal, then what an ordinal predicate takes ("a"/"en" + infinitive,
# "de", punctuation), so that "são os últimos relatórios" (the ordinal modifies a noun) is not read.
_ORDINAL: Mapping[str, str] = MappingProxyType({"pt": r"primeir|últim|únic", "es": r"primer|últim|únic"})
_OTHER_ARTICLE: Mapping[str, Mapping[str, str]] = MappingProxyType(
    {"pt": MappingProxyType({"f": "os", "m": "as"}), "es": MappingProxyType({"f": "los", "m": "las"})}
)
_ADVERBS: Mapping[str, str] = MappingProxyType(
    {
        "pt": r"muitas vezes|frequentemente|geralmente|sempre|também|ainda|agora|normalmente|quase sempre",
        "es": r"a menudo|frecuentemente|generalmente|siempre|también|todavía|ahora|normalmente|casi siempre",
    }
)
_PLURAL_BE: Mapping[str, str] = MappingProxyType(
    {"pt": r"são|eram|foram|serão|seriam", "es": r"son|eran|fueron|serán|serían"}
)
_TAKES: Mapping[str, str] = MappingProxyType(
    {"pt": r"\s+(?:a|em|de|da|do)\s|\s*[.,;]", "es": r"\s+(?:en|de|del|a)\s|\s*[.,;]"}
)
# Plural endings that give a gender: "-as", "-ções"/"-ciones", "-dades" feminine, "-os" masculine; nouns in "-mas"
# ("problemas", "sistemas"), "dias", "mapas" are masculine and give none.
_FEMININE_END = re.compile(r"(?:as|ções|ciones|dades)$")
_MASCULINE_END = re.compile(r"os$")
_NO_GENDER = re.compile(r"(?:mas|dias|pas)$")


def _gender(words: list[str]) -> str | None:
    """The gender the subject's last word shows (an adjective after the noun, else the noun), if any."""
    for word in reversed(words):
        word = word.casefold()
        if _NO_GENDER.search(word):
            return None
        if _FEMININE_END.search(word):
            return "f"
        if _MASCULINE_END.search(word):
            return "m"
    return None


def predicate_problems(target: str, lang: str) -> list[str]:
    """A sentence-opening plural subject and an ordinal predicate of the other gender (module text)."""
    be, ordinal = _PLURAL_BE.get(lang), _ORDINAL.get(lang)
    if be is None or ordinal is None:
        return []
    pattern = (
        rf"^\W*(?:((?i:as|os|las|los))\s+)?([A-ZÀ-Ýa-zà-ÿ][\w-]*s(?:\s+[a-zà-ÿ][\w-]*s)?)\s+"
        rf"(?:{be})\s+(?:(?:{_ADVERBS[lang]})\s+)?((?i:os|as|los|las))\s+(?:{ordinal})(?:os|as)(?={_TAKES[lang]})"
    )
    m = re.match(pattern, target)
    if m is None:
        return []
    article = (m.group(1) or "").casefold()
    gender = {"as": "f", "las": "f", "os": "m", "los": "m"}.get(article) or _gender(m.group(2).split())
    if gender is None or m.group(3).casefold() != _OTHER_ARTICLE[lang][gender]:
        return []
    return [m.group(0).lstrip(' \t"“«')]


def gender_problems(target: str, lang: str) -> list[str]:
    """Every span of the module text: participles, then ordinal predicates."""
    return participle_problems(target, lang) + predicate_problems(target, lang)
