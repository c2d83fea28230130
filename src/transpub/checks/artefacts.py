"""Known engine artefacts, and source words or acronyms the engine left in English.

* ``engine-artefact``: a per-language list of known mistakes of MT engines (:attr:`QeConfig.artefacts`, defaults
  in :mod:`transpub.checks.qeconfig`), such as "senhor deputado" for "Mr" (parliamentary training data).
* ``untranslated-word``: a lower-case source word (or a letter-word compound such as "B-roll") found as it is in
  the target, unless it is a keep-term, a number, a name or acronym (capitalised), a link, inside a quoted title the
  target carries verbatim, or an ordinary word of the target language too (``checks/data/loanwords.json``, which
  also lists the international unit names such as "hectares" and "megawatts", and :data:`SHARED_SUFFIXES`).
* ``name-half-translated``: a programme name ("... Initiative", "... Fund") partly kept in English, partly
  translated ("Iniciativa Coastal Horizons").
* ``acronym-untranslated``: an acronym with its own form in the target language (``checks/data/acronyms.json``:
  SDG is ODS in Portuguese) kept in English.

>>> untranslated_words("A new contact centre will answer calls.", "Um novo contact center vai atender.", "pt")
['contact']
>>> untranslated_words("Families received hygiene kits.", "As famílias receberam kits de higiene.", "pt")
[]
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from functools import cache
from importlib.resources import files
from types import MappingProxyType

from transpub.checks.base import CheckContext, Finding, check
from transpub.checks.ids import CheckId
from transpub.checks.lexicon import speller_for
from transpub.document import Segment, Severity
from transpub.glossary.model import TermKind
from transpub.text.placeholders import LINK
from transpub.text.tagged import to_plain

# Endings English shares with the target language ("local", "regional", "nation"): such words are not evidence
# of an untranslated source.
SHARED_SUFFIXES: Mapping[str, str] = MappingProxyType(
    {
        "pt": r"(?:al|ar|or|ol|il|el)$",
        "es": r"(?:al|ar|or|ol|il|el|ión|ion)$",
        "fr": r"(?:al|ion|ent|ant|ble|ence|ance|ique|isme|iste|age|ure|ude|ine|ite|ive|ise|ose|ade|ice|tre|ère)s?$",
        "ar": r"$^",
    }
)

_WORD = re.compile(r"(?<![\w'’-])([a-z][a-z'’-]{2,}|[A-Z]-[a-z]{3,})(?![\w'’-])")  # "B-roll": a letter-word compound
# A quoted span of the source ("the campaign is called “Ensemble face à la mer”") that the target carries verbatim is
# a title kept on purpose, not words left untranslated.
_QUOTED = re.compile(r"[“\"«„]([^“”\"«»„\s]+(?:\s+[^“”\"«»„\s]+){2,30})[”\"»“]")  # three words or more


@cache  # package data, read once per process; immutable
def _data(name: str) -> Mapping[str, object]:
    return MappingProxyType(json.loads((files("transpub.checks") / "data" / name).read_text(encoding="utf-8")))


def loanwords(lang: str) -> frozenset[str]:
    words = _data("loanwords.json")["words"]
    assert isinstance(words, dict)
    return frozenset(w.casefold() for w in words.get(lang, ()))


def acronym_forms(acronym: str, lang: str) -> tuple[str, ...]:
    """The target-language forms of an English acronym (``("ODS",)`` for SDG in pt); empty when not listed."""
    table = _data("acronyms.json")["acronyms"]
    assert isinstance(table, dict)
    return tuple(table.get(acronym, {}).get(lang, ()))


# a bare domain such as "gcrf.example.org" (URLs with a scheme and e-mail addresses are LINK's)
_DOMAIN = re.compile(r"(?<![\w.])(?:[\w-]+\.)+[^\W\d_]{2,24}(?!\w|\.\w)")


def _no_addresses(text: str) -> str:
    return _DOMAIN.sub(" ", LINK.sub(" ", text))


def untranslated_words(source: str, target: str, lang: str) -> list[str]:
    """Lower-case source words found unchanged in ``target`` that are not ordinary words of ``lang`` too."""
    base = lang.split("-")[0]
    shared, suffix = loanwords(base), re.compile(SHARED_SUFFIXES.get(base, r"$^"))
    source = _QUOTED.sub(lambda m: " " if m.group(1).strip().casefold() in target.casefold() else m.group(0), source)
    target_words = {w.casefold() for w in re.findall(r"[^\W\d_][\w'’-]*", _no_addresses(target))}
    found: list[str] = []
    for m in _WORD.finditer(_no_addresses(source)):
        word = m.group(1)
        key = word.casefold()
        if key in target_words and key not in shared and not suffix.search(key) and word not in found:
            found.append(word)
    return found


def _without_keep_terms(segment: Segment, ctx: CheckContext) -> str:
    plain = to_plain(segment.source)
    for m in sorted(ctx.matches, key=lambda m: m.start, reverse=True):
        if m.entry.kind is TermKind.KEEP:
            plain = plain[: m.start] + " " + plain[m.end :]
    return plain


@check(
    CheckId.ENGINE_ARTEFACT,
    "Known engine artefact",
    "The target has a known mistake of machine translation engines (configurable per language), such as "
    "'senhor deputado' (the honourable Member) for 'Mr'.",
    Severity.WARNING,
)
def engine_artefact(segment: Segment, target: str, ctx: CheckContext) -> Iterator[Finding]:
    source, out = to_plain(segment.source), to_plain(target)
    for artefact in ctx.qe.artefacts_for(ctx.target.tag):
        m = artefact.found(source, out)
        if m:
            yield Finding(artefact.message, m.group(0))


@check(
    CheckId.UNTRANSLATED_WORD,
    "Word left in English",
    "A source word is in the target unchanged although it is not a keep-term, name, number, acronym or an "
    "ordinary word of the target language (its loanword list or its hunspell dictionary).",
    Severity.WARNING,
)
def untranslated_word(segment: Segment, target: str, ctx: CheckContext) -> Iterator[Finding]:
    source, out = to_plain(segment.source), to_plain(target)
    if " ".join(source.split()).casefold() == " ".join(out.split()).casefold():
        return  # the whole segment is untranslated: the ``untranslated`` check says so
    words = untranslated_words(_without_keep_terms(segment, ctx), out, ctx.target.tag)
    # a word the target language's own dictionary has ("extra", "chance", "hotel") is a word of it too; so is the
    # species of a binomial name ("E. coli")
    speller = speller_for(ctx.target.tag, ctx.qe.variety_for(ctx.target.tag)) if words else None
    words = [
        w
        for w in words
        if not (speller is not None and speller.knows(w)) and not re.search(rf"\b[A-Z]\.\s*{re.escape(w)}\b", out)
    ]
    if words:
        listed = ", ".join(f"'{w}'" for w in words)
        yield Finding(f"left in {ctx.source.native_name or ctx.source.tag}: {listed}", words[0])


@check(
    CheckId.ACRONYM_UNTRANSLATED,
    "Acronym left in English",
    "An acronym that has its own form in the target language is kept in English (SDG is ODS in Portuguese).",
    Severity.WARNING,
)
def acronym_untranslated(segment: Segment, target: str, ctx: CheckContext) -> Iterator[Finding]:
    source, out = to_plain(segment.source), to_plain(target)
    base = ctx.target.base
    for acronym in dict.fromkeys(re.findall(r"\b[A-Z]{2,6}s?\b", source)):
        forms = acronym_forms(acronym, base)
        if not forms or not re.search(rf"\b{re.escape(acronym)}\b", out):
            continue
        if any(re.search(rf"(?<!\w){re.escape(f)}(?!\w)", out, 0 if f.isupper() else re.IGNORECASE) for f in forms):
            continue
        yield Finding(f"'{acronym}' is '{forms[0]}' in this language", acronym)


# The head nouns of programme and organisation names: such a name is either translated whole or kept whole.
_NAME_HEADS = (
    r"Initiative|Fund|Programme|Program|Project|Alliance|Network|Platform|Centre|Center|Office|Campaign|"
    r"Strategy|Partnership|Facility|Coalition|Forum|Summit|Compact"
)
_NAME = re.compile(rf"(?<![\w-])(?:[A-Z][\w'’-]+\s+)+(?:{_NAME_HEADS})(?![\w-])")
_NOT_NAME = frozenset(("The", "A", "An", "In", "On", "At", "For", "Our", "This", "By", "To", "Of", "And", "With"))


def half_translated_names(source: str, target: str, lang: str) -> list[str]:
    """Programme names ("Coastal Horizons Initiative") of which the target keeps some English words and
    translates the others ("Iniciativa Coastal Horizons"); words shared by both languages do not count as kept."""
    base = lang.split("-")[0]
    shared, suffix = loanwords(base), re.compile(SHARED_SUFFIXES.get(base, r"$^"))
    out = LINK.sub(" ", target)
    found = []
    for m in _NAME.finditer(LINK.sub(" ", source)):
        words = m.group(0).split()
        while words and words[0] in _NOT_NAME:
            words = words[1:]
        if len(words) < 2:
            continue
        english = [w for w in words if w.casefold() not in shared and not suffix.search(w.casefold())]
        kept = [w for w in english if re.search(rf"(?<![\w-]){re.escape(w)}(?![\w-])", out)]
        if kept and len(kept) < len(english):
            found.append(" ".join(words))
    return found


@check(
    CheckId.NAME_HALF_TRANSLATED,
    "Name half translated",
    "A programme or organisation name is partly kept in English and partly translated ('Iniciativa Coastal "
    "Horizons' for 'Coastal Horizons Initiative'): keep it whole or translate it whole.",
    Severity.WARNING,
)
def name_half_translated(segment: Segment, target: str, ctx: CheckContext) -> Iterator[Finding]:
    for name in half_translated_names(_without_keep_terms(segment, ctx), to_plain(target), ctx.target.tag):
        yield Finding(f"the name '{name}' is half translated: keep it whole or translate it whole", name)


CHECKS = (engine_artefact, untranslated_word, acronym_untranslated, name_half_translated)
