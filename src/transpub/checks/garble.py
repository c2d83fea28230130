"""Garbled syntax: shapes no correct sentence has, which an engine produces when it loses track of a clause.

Each pattern is narrow on purpose (a closed word list, not a guess about meaning), per language (Portuguese,
Spanish, French; none for Arabic):

* a verb repeated one word later ("há quatro há mais de um ano", "es tres es"), where the source repeats nothing;
  words doubled side by side are the doubled-words check's;
* a sentence ending in a preposition, an article or a conjunction ("… para.", "… de la.", "… et.");
* two finite forms of "be"/"have" side by side ("é está", "son están", "est sont");
* an imperative call to action followed, with no subject or conjunction between, by a finite "be" ("Descubra no
  GCRF está no Hall 4": the noun it governed was lost);
* Portuguese "som" (sound) where the verb "são" belongs: after an adverb or a plural word and before a quantity
  ("agora som mais de 600.000").

"One in three" turned word for word ("um recife em três") is a relation around a number: the number-relation
check's (:mod:`transpub.checks.relations`).

>>> garbled("A declaração foi ratificada por 41 países, há quatro há mais de um ano.", "pt", "")
['há quatro há']
>>> garbled("A declaração foi ratificada por 41 países, quatro a mais do que há um ano.", "pt", "")
[]
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from types import MappingProxyType

from transpub.checks.base import CheckContext, Finding, check
from transpub.checks.ids import CheckId
from transpub.document import Segment, Severity
from transpub.text.placeholders import LINK
from transpub.text.tagged import to_plain

# Finite verbs that a correct sentence does not repeat one word apart.
_REPEATABLE_NOT: Mapping[str, str] = MappingProxyType(
    {
        "pt": r"há|é|são|foi|foram|está|estão|tem|têm|será|serão",
        "es": r"hay|es|son|fue|fueron|está|están|ha|han|será|serán",
        "fr": r"est|sont|était|étaient|ont|sera|seront",
    }
)
# Words that cannot end a sentence. Not numerals ("o número um.", "un par un."), not words that are also nouns or
# verbs there (Spanish "sobre", an envelope; French "sur", sour; "en"); "para" after a negation or "que" is the verb
# "parar" ("A chuva não para.", "La lluvia no para.").
_DANGLING: Mapping[str, str] = MappingProxyType(
    {
        "pt": r"de|do|da|dos|das|para|com|em|no|na|nos|nas|o|os|as|por|pelo|pela|sem|sobre|e|ou|que|ao|aos",
        "es": r"de|del|para|con|en|el|la|los|las|por|sin|y|o|que|al",
        "fr": r"de|du|des|pour|avec|dans|le|la|les|par|sans|et|ou|que|au|aux",
    }
)
_FINITE_BE: Mapping[str, str] = MappingProxyType(
    {
        "pt": r"é|são|está|estão|foi|foram|será|serão|era|eram",
        "es": r"es|son|está|están|fue|fueron|será|serán|era|eran",
        "fr": r"est|sont|était|étaient|sera|seront",
    }
)
# Imperatives of calls to action as engines write them, sentence-initial.
_IMPERATIVES: Mapping[str, str] = MappingProxyType(
    {
        "pt": r"Descubra|Saiba|Visite|Veja|Conheça|Participe|Doe|Junte-se|Inscreva-se|Registre-se|Leia|Ligue|Siga|"
        r"Acesse|Apoie|Ajude|Compartilhe|Baixe|Assista|Envie|Confira|Encontre",
        "es": r"Descubra|Descubre|Visite|Visita|Vea|Conozca|Participe|Done|Únase|Inscríbase|Regístrese|Lea|Llame|"
        r"Siga|Apoye|Ayude|Comparta|Descargue|Encuentre",
        "fr": r"Découvrez|Visitez|Venez|Participez|Rejoignez|Inscrivez-vous|Lisez|Appelez|Suivez|Soutenez|Aidez|"
        r"Partagez|Téléchargez|Trouvez",
    }
)
# Words that open a clause (a subject may follow them), so a finite verb after them is right.
_CLAUSE: Mapping[str, str] = MappingProxyType(
    {
        "pt": r"que|como|onde|quando|se|quem|qual|quanto|o|a|os|as|e|ou",
        "es": r"que|cómo|como|dónde|donde|cuándo|cuando|si|quién|cuál|el|la|los|las|y|o",
        "fr": r"que|qu'|comment|où|quand|si|qui|quel|quelle|le|la|les|et|ou",
    }
)
_STOPS_BEFORE = frozenset(("não", "nunca", "jamais", "que", "no", "nunca", "nadie", "ninguém"))
_RELATIVES = frozenset(("que", "quem", "qui", "quien", "quienes", "what", "qu'il", "qu'elle"))


def _repeated_verbs(text: str, lang: str) -> list[str]:
    """A verb, one word (a number may have separators), the same verb; not in parallel clauses ("há anos, há
    meses") nor after a relative ("Ce qui est fait est fait", "Quem tem fé tem…", "o que foi feito foi feito")."""
    verbs = _REPEATABLE_NOT[lang]
    pattern = rf"(?<![\w-])({verbs})\s+(?:\d[\d.,]*\d|[\w-]+)\s+\1(?![\w-])"
    found = []
    for m in re.finditer(pattern, text, re.IGNORECASE):
        before = text[: m.start()].split()[-1:]
        if not (before and before[0].casefold() in _RELATIVES):
            found.append(m.group(0))
    return found


def _dangling(text: str, lang: str) -> list[str]:
    pattern = rf"(?<![\w'’-])(?:{_DANGLING[lang]})\s*[.!?](?=\s|$|[\"”»])"
    found = []
    for m in re.finditer(pattern, text):
        before = text[: m.start()].split()[-1:]
        if m.group(0).startswith("para") and before and before[0].casefold() in _STOPS_BEFORE:
            continue
        found.append(m.group(0))
    return found


def _double_be(text: str, lang: str) -> list[str]:
    be = _FINITE_BE[lang]
    pattern = rf"(?<![\w-])({be})\s+(?!\1(?![\w-]))(?:{be})(?![\w-])"  # the same word twice is doubled-words'
    return [m.group(0) for m in re.finditer(pattern, text)]


def _imperative_then_be(text: str, lang: str) -> list[str]:
    word = r"[\w'’-]+"
    pattern = (
        rf"(?:^|[.!?]\s+)\W*((?:{_IMPERATIVES[lang]})\s+(?:(?!(?i:{_CLAUSE[lang]})\s){word}\s+){{1,3}}"
        rf"(?:{_FINITE_BE[lang]}))(?![\w-])"
    )
    return [m.group(1) for m in re.finditer(pattern, text)]


def _som(text: str, lang: str) -> list[str]:
    if lang != "pt":
        return []
    # "som mais alto" is the noun with an adjective; "som mais de 600.000" a quantity, the verb's place
    pattern = (
        r"(?<![\w-])(?:agora|já|ainda|também|hoje|[a-zà-ÿ]{2,}(?<!mo)s)\s+som\s+"
        r"(?:(?:mais|menos)\s+de|cerca|quase|apenas|aproximadamente|\d)(?![\w-])"
    )
    return [m.group(0) for m in re.finditer(pattern, text)]


def garbled(target: str, lang: str, source: str) -> list[str]:
    """Spans of ``target`` with one of the shapes of the module text."""
    if lang not in _REPEATABLE_NOT:
        return []
    text, plain_source = LINK.sub(" ", target), LINK.sub(" ", source)
    found = []
    if not re.search(r"(?<!\w)(\w+)\s+\w+\s+\1(?!\w)", plain_source, re.IGNORECASE):
        found.extend(_repeated_verbs(text, lang))
    found.extend(_dangling(text, lang))
    found.extend(_double_be(text, lang))
    found.extend(_imperative_then_be(text, lang))
    found.extend(_som(text, lang))
    return found


@check(
    CheckId.GARBLED,
    "Garbled syntax",
    "The target has a shape no correct sentence has: a verb repeated one word later ('há quatro há'), a sentence "
    "ending in a preposition or article, two finite verbs side by side, an imperative followed by a verb with no "
    "subject ('Descubra no GCRF está'), or 'som' for 'são'.",
    Severity.WARNING,
)
def garbled_syntax(segment: Segment, target: str, ctx: CheckContext) -> Iterator[Finding]:
    for span in garbled(to_plain(target), ctx.target.base, to_plain(segment.source)):
        yield Finding(f"the sentence is garbled here: '{span}'", span)


CHECKS = (garbled_syntax,)
