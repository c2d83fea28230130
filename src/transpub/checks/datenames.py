"""Month and weekday names in the target language's case: lowercase in Portuguese, Spanish, French, Italian…

Portuguese, Spanish and French write month and weekday names in lowercase mid-sentence ("em junho", "el 3 de
noviembre", "le lundi 5 mai"); an engine trained on English or on pre-1990 European Portuguese capitalises them
("a sessão de Junho", "de 3 a 5 de Novembro"). The names are babel's CLDR data for the target locale (months and
days, ``wide`` and ``abbreviated``, ``format`` and ``stand-alone``), so every language whose CLDR names are
lowercase is covered and a language whose names are capitalised (English, German) never is.

A capitalised name is not flagged where capitals are right: at a sentence start, in a title or a heading-like
segment (its words all capitalised, in the target or the English), in capitals ("JUNHO"), or inside a proper name
(a capitalised word next to it: "Sete de Setembro", "Plaza de Mayo", "Sexta-feira Santa"). Abbreviations ("Jun.",
"Mar") and names that are also common proper nouns (French "Mars", the planet) are flagged only next to a number,
where they can only be a date.

>>> capitalised_date_names("Os Estados-Membros votarão na sessão de Junho.", "pt_BR", "The June session.")
['Junho']
>>> capitalised_date_names("Junho foi chuvoso, e a sessão de junho terminou.", "pt_BR", "June was wet.")
[]
>>> capitalised_date_names("The meeting is in June.", "en", "The meeting is in June.")
[]
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from types import MappingProxyType

from babel import Locale, UnknownLocaleError
from babel.dates import get_day_names, get_month_names

from transpub.checks.base import CheckContext, Finding, check
from transpub.checks.ids import CheckId
from transpub.document import Segment, Severity
from transpub.text.placeholders import LINK
from transpub.text.tagged import to_plain

# Names that are also a common proper noun of the language: flagged only next to a number ("le 3 Mars").
_PROPER_HOMOGRAPHS: Mapping[str, frozenset[str]] = MappingProxyType({"fr": frozenset({"mars"})})
# Contexts that are titles whatever their capitalisation.
_TITLE_CONTEXTS = frozenset({"title", "meta:og:title", "meta:title", "attr:title"})
_WORD = re.compile(r"[^\W\d_][\w'’-]*")
_SENTENCE_END = tuple(".!?…:;¿¡\n")
# Words that join the parts of a proper name ("Sete de Setembro", "Plaza de Mayo", "Quarta-feira de Cinzas").
_LINKERS = r"de|do|da|dos|das|del|di|du|des"
_OPENERS = " \t\"'“”‘’«»„([{—–-*•"


@dataclass(frozen=True)
class DateNames:
    """A locale's lowercase month and weekday names: ``wide`` are flagged anywhere mid-sentence, ``abbreviated``
    (and proper-noun homographs) only next to a number."""

    wide: frozenset[str]
    abbreviated: frozenset[str]

    @property
    def pattern(self) -> re.Pattern[str] | None:
        return _pattern(self)


@cache  # CLDR data, read once per locale; immutable
def date_names(locale: str) -> DateNames:
    """The lowercase month and weekday names of ``locale`` (``pt_BR``); empty where CLDR capitalises them."""
    try:
        loc = Locale.parse(locale.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        return DateNames(frozenset(), frozenset())
    wide: set[str] = set()
    short: set[str] = set()
    for context in ("format", "stand-alone"):
        for names in (get_month_names("wide", context, loc), get_day_names("wide", context, loc)):
            wide.update(n for n in names.values() if n[:1].islower())
        for names in (get_month_names("abbreviated", context, loc), get_day_names("abbreviated", context, loc)):
            short.update(n for n in names.values() if n[:1].islower())
    homographs = _PROPER_HOMOGRAPHS.get(loc.language, frozenset())
    return DateNames(frozenset(wide - homographs), frozenset((short - wide) | (wide & homographs)))


@cache
def _pattern(names: DateNames) -> re.Pattern[str] | None:
    forms = sorted(names.wide | names.abbreviated, key=len, reverse=True)
    if not forms:
        return None
    alternatives = "|".join(re.escape(f).replace(r"\.", r"\.?") if f.endswith(".") else re.escape(f) for f in forms)
    return re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])", re.IGNORECASE)


def _heading_like(text: str, skip: str = "") -> bool:
    """At least three words of four letters or more besides ``skip``, all capitalised ("Reunião Anual de Junho
    em Manila" counts, "A reunião de Junho" does not)."""
    long = [w for w in _WORD.findall(text) if len(w) > 3 and w.casefold() != skip.casefold()]
    return len(long) >= 3 and all(w[0].isupper() for w in long)


def _at_sentence_start(text: str, start: int) -> bool:
    before = text[:start].rstrip(_OPENERS)
    return not before or before.endswith(_SENTENCE_END)


def _neighbours(text: str, start: int, end: int) -> tuple[str, str, bool]:
    """The word before (skipping a linking word such as "de"), the word after (likewise), and whether
    the word before may be a capitalised sentence start rather than a name: "Em Junho" is a sentence start,
    "Sete de Setembro" (joined by a linking word) a name."""
    before = re.search(rf"([\w'’-]+)\s+((?:{_LINKERS})\s+)?$", text[:start])
    after = re.match(rf"\.?\s+(?:(?:{_LINKERS})\s+)?([\w'’-]+)", text[end:])
    if before is None:
        return "", after.group(1) if after else "", False
    first = not before.group(2) and _at_sentence_start(text, before.start(1))
    return before.group(1), after.group(1) if after else "", first


def _proper(word: str, names: re.Pattern[str]) -> bool:
    """A capitalised word that is no acronym and no other date name ("Sete", "Plaza"; not "GCRF", "Julho")."""
    return word[:1].isupper() and not word.isupper() and not names.fullmatch(word)


def _next_to_number(text: str, start: int, end: int) -> bool:
    return bool(
        re.search(r"\d\w*\.?\s*(?:(?:de|del|of)\s+)?$", text[:start])
        or re.match(r"\.?,?\s*(?:(?:de|del|of)\s+)?\d", text[end:])
    )


def capitalised_date_names(target: str, locale: str, source: str = "", context: str = "body") -> list[str]:
    """Month and weekday names of ``locale`` capitalised where the language writes them in lowercase."""
    names = date_names(locale)
    pattern = names.pattern
    if pattern is None or context in _TITLE_CONTEXTS:
        return []
    text = LINK.sub(" ", target)
    found = []
    for m in pattern.finditer(text):
        word = m.group(0)
        if not word[0].isupper() or (len(word) > 1 and word.isupper()) or _at_sentence_start(text, m.start()):
            continue
        if _heading_like(text, word) or _heading_like(source):
            return []
        prev, after, prev_first = _neighbours(text, m.start(), m.end())
        if (_proper(prev, pattern) and not prev_first) or _proper(after, pattern):
            continue  # inside a proper name: "Sete de Setembro", "Plaza de Mayo", "Sexta-feira Santa"
        lower = word.casefold()
        wide = lower in names.wide or lower.rstrip(".") in names.wide
        if not wide and not _next_to_number(text, m.start(), m.end()):
            continue  # an abbreviation or a homograph, and no number next to it
        found.append(word)
    return found


@check(
    CheckId.DATE_NAME_CASE,
    "Month or weekday capitalised",
    "A month or weekday name is capitalised mid-sentence in a language that writes it in lowercase "
    "('a sessão de Junho', 'de 3 a 5 de Novembro' for 'junho', 'novembro'; names from the locale's CLDR data).",
    Severity.WARNING,
)
def date_name_case(segment: Segment, target: str, ctx: CheckContext) -> Iterator[Finding]:
    locale = str(ctx.target.locale)
    source = to_plain(segment.source)
    for word in capitalised_date_names(to_plain(target), locale, source, segment.context):
        yield Finding(f"'{word}' is written in lowercase in {ctx.target.tag} mid-sentence: '{word.lower()}'", word)


CHECKS = (date_name_case,)
