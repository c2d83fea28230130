"""Plural forms of target terms in Portuguese, Spanish and French: glossary data first, then per-language rules.

A rule that is right for the common case is applied; where it is not sure (Portuguese ``-ão``, which may become
``-ões``, ``-ães`` or ``-ãos``; a Spanish paroxytone in ``-n`` that needs a written accent; a hyphenated compound)
the result says so (``sure`` is false, with the reason) instead of pretending: callers flag it, and the target check
accepts every candidate. In a multi-word term the head noun and the adjectives that follow it are inflected, up to
the first preposition (``plano nacional de adaptação`` -> ``planos nacionais de adaptação``); adverbs stay.

>>> pluralize("ação climática", "pt").text, pluralize("plano nacional de adaptação", "pt").text
('ações climáticas', 'planos nacionais de adaptação')
>>> pluralize("trabalhador migrante", "pt").text, pluralize("solução baseada na natureza", "pt").text
('trabalhadores migrantes', 'soluções baseadas na natureza')
>>> pluralize("acción climática", "es").text, pluralize("journal local", "fr").text
('acciones climáticas', 'journaux locaux')
>>> p = pluralize("cidadão", "pt"); (p.text, p.sure)
('cidadões', False)
>>> plural_forms("cidadão", "pt")
('cidadão', 'cidadões', 'cidadães', 'cidadãos')
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import MappingProxyType

LANGUAGES = ("pt", "es", "fr")


@dataclass(frozen=True)
class Inflected:
    """A form produced by the rules: ``sure`` is false where a rule only guessed (``reason`` says why);
    ``alternatives`` are the other forms the rules allow."""

    text: str
    sure: bool = True
    reason: str | None = None
    alternatives: tuple[str, ...] = ()


def base_language(lang: str) -> str:
    """``pt-BR`` -> ``pt``."""
    return lang.split("-")[0].lower()


def strip_accents(text: str) -> str:
    """``ação`` -> ``acao``."""
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))


_ACCENTED = re.compile(r"[áéíóúâêôàãõ]", re.IGNORECASE)
_VOWEL_GROUPS = re.compile(r"[aeiouáéíóúâêôàãõy]+", re.IGNORECASE)


def _syllables(word: str) -> int:
    return len(_VOWEL_GROUPS.findall(word))


def _match_case(new: str, old: str) -> str:
    if old.isupper() and len(old) > 1:
        return new.upper()
    return new


# Words that end the inflected head of a noun phrase: prepositions and their contractions, conjunctions.
PHRASE_BREAKS: Mapping[str, frozenset[str]] = MappingProxyType(
    {
        "pt": frozenset(
            [
                "de",
                "do",
                "da",
                "dos",
                "das",
                "em",
                "no",
                "na",
                "nos",
                "nas",
                "a",
                "à",
                "ao",
                "aos",
                "às",
                "para",
                "por",
                "pelo",
                "pela",
                "pelos",
                "pelas",
                "com",
                "sem",
                "sobre",
                "contra",
                "entre",
                "sob",
                "até",
                "e",
                "ou",
                "que",
            ]
        ),
        "es": frozenset(
            [
                "de",
                "del",
                "en",
                "a",
                "al",
                "para",
                "por",
                "con",
                "sin",
                "sobre",
                "contra",
                "entre",
                "bajo",
                "hasta",
                "y",
                "o",
                "que",
            ]
        ),
        "fr": frozenset(
            [
                "de",
                "du",
                "des",
                "d'",
                "d’",
                "en",
                "à",
                "au",
                "aux",
                "pour",
                "par",
                "avec",
                "sans",
                "sur",
                "contre",
                "entre",
                "sous",
                "et",
                "ou",
                "que",
            ]
        ),
    }
)

# ---------------------------------------------------------------------------------------------- Portuguese

_PT_PLURAL_ENDINGS: tuple[tuple[str, str], ...] = (  # (singular ending, plural ending), longest first
    ("ção", "ções"),
    ("são", "sões"),
    ("ês", "eses"),
    ("al", "ais"),
    ("ol", "óis"),
    ("ul", "uis"),
    ("m", "ns"),
    ("r", "res"),
    ("z", "zes"),
)


def _pt_plural(word: str) -> Inflected:
    low = word.lower()
    if not low[-1:].isalpha():
        return Inflected(word)
    if low.endswith("ão") and not low.endswith(("ção", "são")):
        stem = word[:-2]
        return Inflected(
            stem + "ões",
            False,
            f"Portuguese plural of {word!r} is -ões, -ães or -ãos",
            (stem + "ães", stem + "ãos"),
        )
    if low.endswith("el"):  # nível -> níveis (accent before), papel -> papéis (stressed ending)
        return Inflected(word[:-2] + ("eis" if _ACCENTED.search(word[:-2]) else "éis"))
    if low.endswith("il"):  # civil -> civis, fácil -> fáceis
        return Inflected(word[:-2] + ("eis" if _ACCENTED.search(word[:-2]) else "is"))
    for singular, plural in _PT_PLURAL_ENDINGS:
        if low.endswith(singular):
            if singular == "ês":
                return Inflected(word[: -len(singular)] + plural)
            return Inflected(word[: -len(singular)] + plural)
    if low.endswith(("s", "x")):
        if _syllables(word) == 1:
            return Inflected(word + "es", False, f"Portuguese plural of {word!r} may be unchanged or -es", (word,))
        return Inflected(word)  # lápis, vírus, tórax: unchanged
    if low.endswith("n"):
        return Inflected(word + "s", False, f"Portuguese plural of {word!r} may be -s or -es", (word + "es",))
    if low[-1] in "aeiouáéíóúâêôãõ":
        return Inflected(word + "s")
    return Inflected(word + "s", False, f"no Portuguese plural rule for {word!r}")


# ------------------------------------------------------------------------------------------------- Spanish

_ES_UNACCENT = str.maketrans("áéíóú", "aeiou")


def _es_plural(word: str) -> Inflected:
    low = word.lower()
    if not low[-1:].isalpha():
        return Inflected(word)
    if low[-1] in "aeiouéó":
        return Inflected(word + "s")
    if low[-1] in "áíú":
        return Inflected(word + "es", False, f"Spanish plural of {word!r} may be -s or -es", (word + "s",))
    if low.endswith("z"):
        return Inflected(word[:-1] + "ces")
    if re.search(r"[áéíóú][ns]$", low):  # acción -> acciones, inglés -> ingleses: the accent goes
        return Inflected(word[:-2] + word[-2].translate(_ES_UNACCENT) + word[-1] + "es")
    if low[-1] in "sx":
        if _syllables(word) == 1:
            return Inflected(word + "es")  # mes -> meses
        return Inflected(word)  # análisis, lunes, tórax: unchanged
    if low.endswith("n") and _syllables(word) > 1 and not _ACCENTED.search(word):
        return Inflected(word + "es", False, f"Spanish plural of {word!r} may need a written accent (joven -> jóvenes)")
    return Inflected(word + "es")  # consonant: ciudad -> ciudades, plan -> planes, nacional -> nacionales


# -------------------------------------------------------------------------------------------------- French

_FR_AL_S = frozenset(
    ["bal", "carnaval", "chacal", "festival", "récital", "régal", "cal", "naval", "fatal", "natal", "banal", "final"]
)
_FR_AIL_AUX = frozenset(["bail", "corail", "émail", "soupirail", "travail", "vantail", "vitrail"])
_FR_OU_X = frozenset(["bijou", "caillou", "chou", "genou", "hibou", "joujou", "pou"])
_FR_EU_S = frozenset(["pneu", "bleu", "émeu", "landau", "sarrau"])


def _fr_plural(word: str) -> Inflected:
    low = word.lower()
    if not low[-1:].isalpha():
        return Inflected(word)
    if low[-1] in "sxz":
        return Inflected(word)
    if low.endswith("al") and low not in _FR_AL_S:
        return Inflected(word[:-2] + "aux")
    if low.endswith("ail") and low in _FR_AIL_AUX:
        return Inflected(word[:-3] + "aux")
    if low.endswith(("eau", "au", "eu")) and low not in _FR_EU_S:
        return Inflected(word + "x")
    if low.endswith("ou") and low in _FR_OU_X:
        return Inflected(word + "x")
    return Inflected(word + "s")


_WORD_RULES: Mapping[str, Callable[[str], Inflected]] = MappingProxyType(
    {"pt": _pt_plural, "es": _es_plural, "fr": _fr_plural}
)


def plural_word(word: str, lang: str) -> Inflected:
    """The plural of one noun or adjective by the language's rules (unchanged for languages without rules).

    >>> [plural_word(w, "pt").text for w in ("nacional", "papel", "nível", "civil", "homem", "mulher", "país")]
    ['nacionais', 'papéis', 'níveis', 'civis', 'homens', 'mulheres', 'países']
    >>> [plural_word(w, "es").text for w in ("luz", "ciudad", "región", "análisis", "plan")]
    ['luces', 'ciudades', 'regiones', 'análisis', 'planes']
    >>> [plural_word(w, "fr").text for w in ("journal", "bateau", "prix", "festival", "travail", "bijou")]
    ['journaux', 'bateaux', 'prix', 'festivals', 'travaux', 'bijoux']
    """
    rule = _WORD_RULES.get(base_language(lang))
    if rule is None or not word:
        return Inflected(word)
    result = rule(word)
    return Inflected(_match_case(result.text, word), result.sure, result.reason, result.alternatives)


def _is_break(word: str, lang: str) -> bool:
    low = word.lower()
    return low in PHRASE_BREAKS.get(lang, frozenset()) or low.startswith(("d'", "d’", "l'", "l’"))


def _compound(word: str, lang: str) -> Inflected:
    """A hyphenated word: every part inflected (Estado-Membro -> Estados-Membros), but not for sure."""
    parts = [plural_word(p, lang) for p in word.split("-")]
    text = "-".join(p.text for p in parts)
    return Inflected(text, False, f"plural of the compound {word!r} follows its parts' roles, which are not known")


def pluralize(term: str, lang: str, *, plural: str | None = None) -> Inflected:
    """The plural of a noun-phrase ``term``; a glossary's own ``plural`` form wins (``"-"`` means none: invariable).

    >>> pluralize("Diretor-Geral", "pt", plural="Diretores-Gerais").text
    'Diretores-Gerais'
    >>> pluralize("reforço de capacidades", "pt", plural="-").text
    'reforço de capacidades'
    >>> pluralize("pessoa deslocada internamente", "pt").text
    'pessoas deslocadas internamente'
    >>> pluralize("نظام الإنذار المبكر", "ar").text
    'نظام الإنذار المبكر'
    """
    if plural:
        return Inflected(term if plural.strip() == "-" else plural)
    base = base_language(lang)
    if base not in _WORD_RULES:
        return Inflected(term)
    words = term.split(" ")
    out: list[str] = []
    unsure: list[Inflected] = []
    choices: list[tuple[int, tuple[str, ...]]] = []  # word index -> the other forms an unsure rule allows
    for i, word in enumerate(words):
        if _is_break(word, base):
            out += words[i:]
            break
        if (word.lower().endswith("mente") and base in {"pt", "es"}) or (word.lower().endswith("ment") and i > 0):
            out.append(word)  # adverbs do not inflect
            continue
        result = _compound(word, base) if "-" in word.strip("-") else plural_word(word, base)
        if not result.sure:
            unsure.append(result)
            choices.append((i, result.alternatives))
        out.append(result.text)
    text = " ".join(out)
    alternatives = [" ".join([*out[:i], alt, *out[i + 1 :]]) for i, alts in choices for alt in alts]
    if unsure:
        return Inflected(text, False, "; ".join(r.reason or "" for r in unsure), tuple(alternatives))
    return Inflected(text)


def plural_forms(term: str, lang: str, *, plural: str | None = None) -> tuple[str, ...]:
    """Every form of ``term`` a correct translation may use: itself, the glossary's plural, the rules' plural and,
    where a rule is unsure, each alternative it allows."""
    forms = [term]
    result = pluralize(term, lang, plural=plural)
    forms += [result.text, *result.alternatives]
    if plural is None and not result.sure:
        # a multi-word term with one unsure word: also allow the alternatives of that word alone
        forms += [alt for alt in result.alternatives if alt not in forms]
    return tuple(dict.fromkeys(forms))


# ---------------------------------------------------------------------------------- matching inflected words

_PT_SINGULAR: tuple[tuple[str, str], ...] = (
    ("ções", "ção"),
    ("sões", "são"),
    ("ões", "ão"),
    ("ães", "ão"),
    ("ãos", "ão"),
    ("ais", "al"),
    ("éis", "el"),
    ("eis", "el"),
    ("óis", "ol"),
    ("uis", "ul"),
    ("ns", "m"),
    ("res", "r"),
    ("zes", "z"),
    ("eses", "ês"),
)
_ES_SINGULAR: tuple[tuple[str, str], ...] = (("ciones", "ción"), ("ces", "z"), ("ones", "ón"))
_FR_SINGULAR: tuple[tuple[str, str], ...] = (("aux", "al"), ("eaux", "eau"))


def stem(word: str, lang: str) -> str:
    """A comparison key that is the same for a word's singular, plural, masculine and feminine forms.

    >>> stem("Ações", "pt") == stem("ação", "pt"), stem("nacionais", "pt") == stem("nacional", "pt")
    (True, True)
    >>> stem("anfitriãs", "pt") == stem("anfitriã", "pt"), stem("deslocados", "pt") == stem("deslocada", "pt")
    (True, True)
    """
    low = word.lower()
    table = {"pt": _PT_SINGULAR, "es": _ES_SINGULAR, "fr": _FR_SINGULAR}.get(base_language(lang), ())
    for plural, singular in table:
        if low.endswith(plural) and len(low) > len(plural) + 1:
            low = low[: -len(plural)] + singular
            break
    else:
        if low.endswith("s") and len(low) > 3:
            low = low[:-1]
    low = strip_accents(low)
    if len(low) > 3 and low[-1] in "aoe":
        low = low[:-1]
    return low
