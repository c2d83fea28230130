"""Every check id transpub can put on a flag, in one place.

A check id is the stable ``code`` of a :class:`~transpub.document.Flag`: reports, XLIFF notes, ``ignore_checks``
settings and tests name flags by it, so it never changes once published. Each id is written here once; everything
else (the checks, protection, the translation run) names it through :class:`CheckId`. A ``CheckId`` is a ``str``,
so it compares equal to, and is written into JSON as, its value.

>>> CheckId.MANDATED_MISSING == "glossary-mandated-missing", str(CheckId.CODE_LOST)
(True, 'inline-code-lost')
>>> CheckId("number-mismatch") is CheckId.NUMBER_MISMATCH
True
"""

from __future__ import annotations

import enum


class CheckId(enum.StrEnum):
    """The stable ids of every QA rule."""

    # glossary (checks/terms.py; protection raises the first two when it could not put a term in)
    MANDATED_MISSING = "glossary-mandated-missing"
    KEEP_ALTERED = "glossary-keep-altered"
    FORBIDDEN = "glossary-forbidden"
    # numbers (checks/numbers.py)
    NUMBER_MISMATCH = "number-mismatch"
    NUMBER_RELATION = "number-relation"  # checks/relations.py: "up from 3" rendered "até 3"; a warning
    # markup (checks/markup.py; protection raises the first and third when restoring failed)
    CODE_LOST = "inline-code-lost"
    CODE_DUPLICATED = "inline-code-duplicated"
    LINK_CHANGED = "url-email-changed"
    PLACEHOLDER_LEAKED = "placeholder-leaked"
    MALFORMED = "target-malformed"
    # text (checks/text.py)
    EMPTY_TARGET = "empty-target"
    UNTRANSLATED = "untranslated"
    LENGTH_RATIO = "length-ratio"
    DOUBLED_WORDS = "doubled-words"
    # protection (translate/restore.py, translate/recovery.py): what the engine did to placeholders
    RECOVERED = "protect-recovered"
    TERM_DUPLICATED = "protect-term-duplicated"
    PLACEHOLDER_STRIPPED = "protect-placeholder-stripped"
    # term strategies (translate/strategies.py): a mandated term put in a plural the rules were not sure of
    INFLECTION_UNSURE = "glossary-inflection-unsure"
    # memory and review (translate/run.py)
    SOURCE_CHANGED = "source-changed-since-approval"
    APPROVAL_INVALID = "approval-invalid"
    # quality estimation (checks/quotes, variety, artefacts, senses, grammar, omission, roundtrip, confidence):
    # warnings
    QUOTES_LOST = "quotes-lost"
    QUOTE_STYLE = "quote-style"
    BRACKETS_MISMATCH = "brackets-mismatch"
    VARIETY_MISMATCH = "variety-mismatch"
    DATE_NAME_CASE = "date-name-case"  # checks/datenames.py
    ENGINE_ARTEFACT = "engine-artefact"
    UNTRANSLATED_WORD = "untranslated-word"
    ACRONYM_UNTRANSLATED = "acronym-untranslated"
    NAME_HALF_TRANSLATED = "name-half-translated"
    WORD_SENSE = "word-sense"
    ENGLISH_WORD_ORDER = "english-word-order"
    ARTICLE_DROPPED = "article-dropped"
    AGREEMENT = "agreement"
    INFINITIVE_IMPERATIVE = "infinitive-imperative"  # checks/imperative.py
    GARBLED = "garbled-syntax"  # checks/garble.py
    DETERMINER_GENDER = "determiner-gender"  # checks/determiners.py
    OMISSION = "omission"
    ADDITION = "addition"
    ROUNDTRIP_DIVERGENT = "roundtrip-divergent"
    LOW_CONFIDENCE = "low-confidence"
    SPELLING = "spelling-unknown-word"  # checks/spelling.py


# Checks that read the target as language (grammar, word choice, variety, quotation style, meaning). A
# pseudo-translation previews layout and has no language to read, so these are not run on it; markup, glossary,
# placeholder and numeral checks still are.
NOT_FOR_PSEUDO: frozenset[CheckId] = frozenset(
    {
        CheckId.NUMBER_RELATION,
        CheckId.QUOTE_STYLE,
        CheckId.VARIETY_MISMATCH,
        CheckId.DATE_NAME_CASE,
        CheckId.ENGINE_ARTEFACT,
        CheckId.UNTRANSLATED_WORD,
        CheckId.ACRONYM_UNTRANSLATED,
        CheckId.NAME_HALF_TRANSLATED,
        CheckId.WORD_SENSE,
        CheckId.ENGLISH_WORD_ORDER,
        CheckId.ARTICLE_DROPPED,
        CheckId.AGREEMENT,
        CheckId.INFINITIVE_IMPERATIVE,
        CheckId.GARBLED,
        CheckId.DETERMINER_GENDER,
        CheckId.OMISSION,
        CheckId.ADDITION,
        CheckId.ROUNDTRIP_DIVERGENT,
        CheckId.LOW_CONFIDENCE,
        CheckId.SPELLING,
    }
)

__all__ = ["NOT_FOR_PSEUDO", "CheckId"]
