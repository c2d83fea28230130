"""A sentence opened by a bare plural noun and its verb ("Funcionários temem…", "Investidores cada vez mais tratam…").

English opens sentences with bare plural subjects ("Officials fear", "Investors increasingly treat"); Portuguese,
Spanish and French put the definite article there ("Os funcionários temem", "Los inversores", "Les investisseurs").
Portuguese and Spanish allow a bare plural subject when a modifier restricts it ("Pessoas deslocadas internamente
nos acampamentos precisam…", "Agricultores que mudaram…") and in headlines, so only the unmodified shape is
flagged: the sentence's first word a capitalised plural common noun, at most an adverb from a closed list, then a
finite plural verb ("-am", "-em", "-ão" in Portuguese; "-an", "-en" in Spanish; "-ent", "-ont" in French), where
the English sentence opens with a bare plural too. Not flagged: a title or a target without sentence punctuation
(a headline), a word that is in the source (a name, "Dallas"), the first word of a country's or region's name in
the target language (CLDR territory names from babel: "Filipinas", "Maldivas", "Estados Unidos"), an acronym, a
word after a colon in lower case.
Arabic is not checked (its subject follows the verb).

>>> bare_plural_openings("Officials fear the worst.", "Funcionários temem o pior.", "pt")
['Funcionários temem']
>>> bare_plural_openings("Officials fear the worst.", "Os funcionários temem o pior.", "pt")
[]
>>> bare_plural_openings("Officials who met fear the worst.", "Funcionários que se reuniram temem o pior.", "pt")
[]
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import cache
from types import MappingProxyType

from babel import Locale, UnknownLocaleError

from transpub.text.placeholders import LINK


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_ADVERBS: Mapping[str, str] = MappingProxyType(
    {
        "pt": r"cada vez mais|também|ainda|já|agora|não|frequentemente|geralmente|muitas vezes|normalmente|hoje|"
        r"sempre|raramente|hoje em dia",
        "es": r"cada vez más|también|todavía|aún|ya|ahora|no|frecuentemente|generalmente|a menudo|normalmente|hoy|"
        r"siempre|raramente",
        "fr": r"de plus en plus|aussi|également|encore|déjà|maintenant|souvent|généralement|toujours|rarement",
    }
)
_PLURAL_VERB: Mapping[str, str] = MappingProxyType(
    {
        "pt": r"[a-zà-ÿ]{2,}(?:am|em|ão)|são|estão|têm|vêm|dão|vão|põem",
        "es": r"[a-zà-ÿ]{2,}(?:an|en)|son|están|van|dan|han",
        "fr": r"[a-zà-ÿ]{2,}(?<!m)ent|ont|sont|font|vont",
    }
)
# Plural-looking words that open a correct sentence without an article (quantifiers, adverbs, pronouns).
_NOT_NOUNS = _words(
    "Mais Menos Apenas Através Depois Antes Ambos Ambas Todos Todas Muitos Muitas Vários Várias Alguns Algumas "
    "Poucos Poucas Outros Outras Demais Pois Nós Vocês Eles Elas Vós Ellos Ellas Nosotros Ustedes Todos Muchos "
    "Varios Algunos Otros Pocos Además Después Antes Mientras Nous Vous Ils Elles Tous Toutes Plusieurs Certains "
    "Certaines Beaucoup Après Depuis Dans Sans Sous Vers Chez Alors Ainsi Puis Hoje Ontem Amanhã"
)
_SENTENCE_START = r"(?:^|(?<=[.!?])\s+)[\s\"“«'‘]*"
_ENGLISH_DETERMINERS = _words(
    "The These Those Many Some Most All Several Both Few Our Their His Her Its Your My Two Three Four Five"
)


@cache
def _place_words(lang: str) -> frozenset[str]:
    """First words of the CLDR territory names of ``lang`` ("Filipinas", "Estados", "Ilhas")."""
    try:
        names = Locale.parse(lang).territories.values()
    except (UnknownLocaleError, ValueError):
        return frozenset()
    return frozenset(name.split()[0].split("-")[0] for name in names if name)


def _english_bare_plural(source: str) -> bool:
    """Whether a sentence of ``source`` opens with a capitalised plural word that is no determiner."""
    for m in re.finditer(rf"{_SENTENCE_START}([A-Z][a-z]+s)\b", source):
        if m.group(1) not in _ENGLISH_DETERMINERS:
            return True
    return False


def bare_plural_openings(source: str, target: str, lang: str) -> list[str]:
    """Sentence openings of ``target`` of the shape of the module text."""
    adverbs, verbs = _ADVERBS.get(lang), _PLURAL_VERB.get(lang)
    if adverbs is None or verbs is None or not re.search(r"[.!?]\W*$", target.strip()):
        return []
    plain_source = LINK.sub(" ", source)
    if not _english_bare_plural(plain_source):
        return []
    source_words = {w.casefold() for w in re.findall(r"\w+", plain_source)}
    pattern = rf"{_SENTENCE_START}([A-ZÀ-Ý][a-zà-ÿ]{{2,}}s)\s+(?:(?:{adverbs})\s+)?(?:{verbs})(?![\w'’-])"
    found = []
    for m in re.finditer(pattern, LINK.sub(" ", target)):
        noun = m.group(1)
        if noun in _NOT_NOUNS or noun.casefold() in source_words or noun in _place_words(lang):
            continue
        found.append(m.group(0).strip(" \t\"“«'‘"))
    return found
