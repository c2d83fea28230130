"""A call to action translated with an infinitive: "Donate today:" -> "Doar hoje:" (for "Doe hoje:").

An English sentence that opens with a bare imperative from a closed list of call-to-action verbs ("Donate",
"Register", "Find out", optionally after "Please") is an instruction to the reader; in running text Portuguese,
Spanish and French put it in the imperative ("Doe", "Done", "Faites un don"). Engines trained on menus and buttons
often give the infinitive instead ("Doar hoje", "Donar hoy", "Donner aujourd'hui"), which reads as a label, not a
sentence. The check flags a target sentence that opens with an infinitive where the matching source sentence opens
with such an imperative. Not flagged: short labels with no sentence punctuation ("Read more", "Faire un don"), where
the infinitive is the usual style of a button; French "Veuillez" + infinitive; an English word that is a noun there
("Visit by the minister", "Share prices rose"). Arabic is not checked (its imperative and verbal noun are not told
apart by form without vowels).

>>> infinitive_openings("Donate today: every $10 counts.", "Doar hoje: cada US$ 10 conta.", "pt")
['Doar']
>>> infinitive_openings("Donate today: every $10 counts.", "Doe hoje: cada US$ 10 conta.", "pt")
[]
>>> infinitive_openings("Donation today: every $10 counts.", "Doar hoje: cada US$ 10 conta.", "pt")
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


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Call-to-action verbs of press releases, appeals and event notices (a closed list: the first word of the sentence).
CALL_TO_ACTION = _words(
    "donate give support help join register sign apply visit read find learn discover call contact email write "
    "share follow subscribe download watch listen send submit book reserve attend vote act take check see "
    "explore click tell ask request order buy get make"
)
# Words after the verb that make the first word a noun or a subject, not an imperative ("Share prices rose",
# "Visit by the minister", "Calls are open").
_NOT_AFTER = _words("is are was were will would has have had of by 's ’s prices price")
_SENTENCE = re.compile(r"[^.!?:;]+[.!?:;]*")
_OPENING = re.compile(
    r"^[\s\"“«'‘¡¿(-]*(?:(?:please|por favor|s'il vous plaît|s’il vous plaît)[,\s]+)?(\w[\w'’-]*)", re.I
)

# Infinitive endings per language, with a reflexive pronoun attached ("Registrar-se", "Inscribirse", "S'inscrire").
_INFINITIVE: Mapping[str, re.Pattern[str]] = MappingProxyType(
    {
        "pt": re.compile(r"^[^\W\d_]{2,}(?:ar|er|ir)(?:-(?:se|nos|me))?$|^(?:[^\W\d_]+)?p[oô]r$", re.I),
        "es": re.compile(r"^[^\W\d_]{2,}(?:ar|er|ir)(?:se|nos|me|lo|la)?$", re.I),
        "fr": re.compile(r"^(?:s['’])?[^\W\d_]{2,}(?:er|ir|re)$", re.I),
    }
)
# Words with an infinitive's ending that are no infinitive (nouns, adjectives, determiners) or that open a correct
# sentence ("Veuillez" is no infinitive, but listed for clarity; "Poder" is left out, it is an infinitive too).
_NOT_INFINITIVE: Mapping[str, frozenset[str]] = MappingProxyType(
    {
        "pt": _words(
            "lugar mar par bar lar ar militar familiar particular popular regular escolar solar nuclear polar celular "
            "mulher colher qualquer prazer melhor pior maior menor senhor senhora exterior interior anterior posterior "
            "superior inferior favor valor setor interior diretor doutor professor autor leitor eleitor amor "
            "cor calor flor computador"
        ),
        "es": _words(
            "lugar hogar mar par bar solar militar familiar particular popular regular escolar nuclear polar celular "
            "mujer ayer placer cualquier"
        ),
        "fr": _words(
            "notre votre entre contre autre libre membre centre hier premier dernier cher fier mer hiver quartier "
            "mère père frère lettre titre ordre nombre sucre livre chiffre cadre offre être avoir"
        ),
    }
)
# Sentence punctuation a label lacks: a source with none of it, or of four words or fewer, is a label or a link.
_SENTENCE_MARKS = re.compile(r"[.!?:;]")


def _sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE.findall(LINK.sub(" ", text)) if s.strip()]


def _imperative(sentence: str) -> bool:
    m = _OPENING.match(sentence)
    if not m or m.group(1).casefold() not in CALL_TO_ACTION:
        return False
    rest = sentence[m.end() :].split()
    return not (rest and rest[0].casefold().strip(",") in _NOT_AFTER)


def infinitive_openings(source: str, target: str, lang: str) -> list[str]:
    """Target sentences opening with an infinitive where the source sentence opens with a call to action."""
    pattern, exceptions = _INFINITIVE.get(lang), _NOT_INFINITIVE.get(lang, frozenset())
    if pattern is None or not _SENTENCE_MARKS.search(source) or len(source.split()) <= 4:
        return []
    sources, targets = _sentences(source), _sentences(target)
    if len(sources) != len(targets):  # sentences not aligned: only the first is compared
        sources, targets = sources[:1], targets[:1]
    found = []
    for sentence in (t for s, t in zip(sources, targets, strict=False) if _imperative(s)):
        m = _OPENING.match(sentence)
        if m is None:
            continue
        word = m.group(1)
        bare = re.sub(r"^s['’]|-(?:se|nos|me)$", "", word, flags=re.I).casefold()
        if pattern.match(word) and bare not in exceptions and not word.isupper():
            found.append(word)
    return found


@check(
    CheckId.INFINITIVE_IMPERATIVE,
    "Infinitive for an imperative",
    "The source tells the reader to do something ('Donate today', 'Register now', 'Find out more') and the target "
    "sentence opens with an infinitive ('Doar hoje', 'Donar hoy') where the language needs the imperative.",
    Severity.WARNING,
)
def infinitive_imperative(segment: Segment, target: str, ctx: CheckContext) -> Iterator[Finding]:
    for word in infinitive_openings(to_plain(segment.source), to_plain(target), ctx.target.base):
        yield Finding(f"'{word}' is an infinitive; a call to action takes the imperative here", word)


CHECKS = (infinitive_imperative,)
