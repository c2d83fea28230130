"""Spelling: words of the target that the target language's hunspell dictionary does not know.

Like Translate Toolkit's ``pofilter`` ``spellcheck``, but for machine translation: an engine that meets a rare
word can invent one ("hydrologists" -> "sossegologistas"). Dictionaries, the choice of one per page and the
words that are never looked up (names, source words, acronyms, numbers, links, glossary terms, compounds and
clitic forms whose parts are words) are :mod:`transpub.checks.lexicon`'s. A word with a letter that is not the
language's (not in its dictionary's TRY line: "Erdoğan", "Łódź" in Portuguese, Latin letters in Arabic, a
pseudo-translation's "Ĥéļļö") is another language's or a name, not a misspelling, and is not flagged.

A word the page's dictionary rejects but the other variety's accepts ("portefólio" on a pt-BR page) is a spelling
of that variety, not a misspelling: :mod:`transpub.checks.variety` reports it, as it does the forms of its curated
list, so neither is flagged here. A Portuguese word written as before the 1990 spelling agreement ("actuar",
"direcção": a silent ``c`` or ``p``) is flagged with the current spelling.

Where no dictionary serves the target language the check cannot run: it flags nothing, the process log says so
once, and ``transpub check`` prints it as a note (:func:`~transpub.checks.lexicon.missing_dictionary_note`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from transpub.checks.base import CheckContext, Finding, check
from transpub.checks.ids import CheckId
from transpub.checks.lexicon import Speller, glossary_words, other_variety_speller, speller_for, words_to_check
from transpub.checks.variety import other_variety_forms
from transpub.document import Segment, Severity
from transpub.text.tagged import to_plain

_SILENT = re.compile(r"[cp](?=[cçt])", re.IGNORECASE)


def pre_agreement_spelling(word: str, speller: Speller) -> str | None:
    """The current spelling of a Portuguese word written with a consonant the 1990 agreement dropped
    ("actuar" -> "atuar"), when the dictionary knows it."""
    spots = [m.start() for m in _SILENT.finditer(word)]
    candidates = [word[:i] + word[i + 1 :] for i in spots]
    if len(spots) > 1:
        candidates.append(_SILENT.sub("", word))
    return next((c for c in candidates if speller.knows(c)), None)


def unknown_words(source: str, target: str, ctx: CheckContext) -> tuple[Speller | None, list[str]]:
    """The dictionary serving the target, and the words of plain ``target`` that no dictionary of its language
    knows and no other check reports (no dictionary: ``(None, [])``)."""
    variety = ctx.qe.variety_for(ctx.target.tag)
    speller = speller_for(ctx.target.tag, variety)
    if speller is None:
        return None, []
    other = other_variety_speller(variety)
    curated = {form.casefold() for form, _ in other_variety_forms(target, variety, source)} if variety else set()
    words = [
        word
        for word in words_to_check(target, source=source, known=glossary_words(ctx))
        if speller.writes(word)
        and not speller.knows(word)
        and word.casefold() not in curated
        and not (other and other.knows(word))
    ]
    return speller, words


@check(
    CheckId.SPELLING,
    "Unknown word",
    "A word of the target is not in the target language's hunspell dictionary (an invented word such as "
    "'sossegologistas' for 'hydrologists'); names, source words, acronyms, numbers and glossary terms are not "
    "looked up.",
    Severity.WARNING,
)
def spelling(segment: Segment, target: str, ctx: CheckContext) -> Iterator[Finding]:
    speller, words = unknown_words(to_plain(segment.source), to_plain(target), ctx)
    if speller is None:
        return
    for word in words:
        current = pre_agreement_spelling(word, speller) if ctx.target.base == "pt" else None
        if current is not None:
            yield Finding(f"'{word}' is spelt as before the 1990 spelling agreement: write '{current}'", word)
        else:
            yield Finding(f"'{word}' is not a word in the {speller.label} dictionary", word)


CHECKS = (spelling,)
