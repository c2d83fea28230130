"""Number checks: every number of the source comes back with the same value, written the target locale's way.

Numbers are read with babel's symbols for each locale: ``40,000`` in English is ``40.000`` in Portuguese,
``40 000`` in French (any space counts as a group separator where the locale groups with one) and may be written
with Arabic-Indic digits (``٤٠٬٠٠٠``) in Arabic. URLs and e-mail addresses are left out.

>>> numbers_in("More than 40,000 people in 2025, up 2.5%", "en")
[Decimal('40000'), Decimal('2025'), Decimal('2.5')]
>>> numbers_in("Mais de 40.000 pessoas em 2025, mais 2,5%", "pt")
[Decimal('40000'), Decimal('2025'), Decimal('2.5')]
>>> numbers_in("Plus de 40 000 personnes", "fr"), numbers_in("أكثر من ٤٠٬٠٠٠ شخص", "ar")
([Decimal('40000')], [Decimal('40000')])

Numbers written as words count too, compared by value with the numerals of the other side: ``text2num`` reads
English, French, Spanish and Portuguese number words, a small table here reads Arabic ones (``text2num`` has no
Arabic), and fractions ("a third", "dois terços") come from :data:`FRACTIONS`. "One"/"um"/"un" is left out (it is
the indefinite article as often as a number), and so are scale words ("12 million" is 12 on both sides, as the
numeral check has always read it) and vague plurals ("hundreds of homes").

>>> number_words_in("Ten sessions for almost two hundred people and a third of the budget", "en")
[Decimal('0.3333'), Decimal('10'), Decimal('200')]
>>> number_words_in("Dez sessões para quase duzentas pessoas e um terço do orçamento", "pt")
[Decimal('0.3333'), Decimal('10'), Decimal('200')]
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator, Mapping
from decimal import Decimal
from functools import cache
from types import MappingProxyType

from babel.numbers import format_decimal, get_decimal_symbol, get_group_symbol, parse_decimal
from text_to_num import alpha2digit

from transpub.checks.base import CheckContext, Finding, check
from transpub.checks.ids import CheckId
from transpub.document import Segment, Severity
from transpub.text.placeholders import LINK
from transpub.text.tagged import to_plain

_ARABIC_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "0123456789" * 2)
_SPACES = " \u00a0\u202f\u2009"


@cache  # babel's symbols and the compiled pattern, once per locale
def _number_pattern(locale: str) -> tuple[re.Pattern[str], str, str]:
    decimal, group = get_decimal_symbol(locale), get_group_symbol(locale)
    groups = _SPACES if group in _SPACES else group
    g = "[" + re.escape(groups) + "]"
    d = re.escape(decimal)
    pattern = re.compile(rf"(?<!\d)(?:\d{{1,3}}(?:{g}\d{{3}})+(?:{d}\d+)?|\d+(?:{d}\d+)?)(?!\d)")
    return pattern, decimal, groups


def _babel_locale(lang: str) -> str:
    return lang.replace("-", "_")


def numbers_in(text: str, lang: str) -> list[Decimal]:
    """The numbers written in ``text`` under the conventions of ``lang``, as exact decimals, in order."""
    locale = _babel_locale(lang)
    pattern, decimal, groups = _number_pattern(locale)
    text = LINK.sub(" ", text).translate(_ARABIC_DIGITS).replace("٫", decimal).replace("٬", groups[0])
    values: list[Decimal] = []
    for m in pattern.finditer(text):
        token = re.sub("[" + re.escape(groups) + "]", "", m.group(0))
        values.append(parse_decimal(token, locale=locale, strict=False))
    return values


def number_spans(text: str, lang: str) -> list[tuple[Decimal, int, int]]:
    """The numerals of ``text`` under the conventions of ``lang``: value, start and end of each, in order.

    >>> number_spans("De 3 a 5.000", "pt")
    [(Decimal('3'), 3, 4), (Decimal('5000'), 7, 12)]
    """
    locale = _babel_locale(lang)
    pattern, decimal, groups = _number_pattern(locale)
    text = text.translate(_ARABIC_DIGITS).replace("٫", decimal).replace("٬", groups[0])  # same length
    spans: list[tuple[Decimal, int, int]] = []
    for m in pattern.finditer(text):
        token = re.sub("[" + re.escape(groups) + "]", "", m.group(0))
        spans.append((parse_decimal(token, locale=locale, strict=False), m.start(), m.end()))
    return spans


_THIRD, _TWO_THIRDS = Decimal("0.3333"), Decimal("0.6667")

# "to double", "will double": the verb after "to" or a modal (fixed-width look-behinds, one per word)
_MODALS = ("to", "will", "would", "could", "can", "must", "should", "may")
_AFTER_MODAL = "(?:" + "|".join(f"(?<={w} )" for w in _MODALS) + ")"

# "more than double the average", "nearly triple": the quantity after a comparison
_BEFORE_QUANTITY = "(?:" + "|".join(f"(?<={w} )" for w in ("than", "nearly", "almost", "about", "roughly")) + ")"

# Endings of a Portuguese -ar verb (dobrar: dobra, dobrem, dobrou, dobraram, dobrasse, dobrado...)
_PT_VERB = "(?:a|am|e|em|ou|ar|aram|ará|arão|aria|ariam|asse|assem|ando|ado|ada|ados|adas)"

# Fractions written as words, per language (regular expressions, matched case-insensitively on whole words).
FRACTIONS: Mapping[str, tuple[tuple[str, Decimal], ...]] = MappingProxyType(
    {
        "en": (
            (r"two[- ]thirds", _TWO_THIRDS),
            (r"three[- ]quarters", Decimal("0.75")),
            (r"(?:a|one)[- ]third", _THIRD),
            (r"(?:a|one)[- ]quarter", Decimal("0.25")),
            (r"half|halve[sd]?|halving", Decimal("0.5")),
            (r"twice", Decimal(2)),  # "duas vezes", "deux fois", "dos veces" read as 2
            (r"thrice", Decimal(3)),
            # the verb only: "double" is also an adjective ("double taxation")
            (rf"doubl(?:ed|es|ing)|{_AFTER_MODAL}double|{_BEFORE_QUANTITY}double", Decimal(2)),
            (rf"tripl(?:ed|es|ing)|{_AFTER_MODAL}triple|{_BEFORE_QUANTITY}triple", Decimal(3)),
        ),
        "pt": (
            (r"dois terços", _TWO_THIRDS),
            (r"três quartos", Decimal("0.75")),
            # before "um terço": "um quarto e um terço" reads both
            (r"(?:um|1) quarto d[eoa]s?|(?:um|1) quarto(?= (?:e|a|ou) (?:um|1|dois) terços?\b)", Decimal("0.25")),
            (r"(?:um|1) terço", _THIRD),
            # not "por meio de", "em meio a" (amid), "meio-dia" (noon), "meia-noite" (midnight)
            (r"metade|meia(?!-noite)|meio(?!-dia)(?! ambiente)(?! d[aeo]s?(?!\w))(?! a(?!\w))", Decimal("0.5")),
            # "twice as much" is "o dobro"; "doubled" is "dobrou"/"duplicou"
            (rf"dobro|dobr{_PT_VERB}|duplic[a-zçãáéê]+", Decimal(2)),
            (rf"triplo|tripl(?:ic)?{_PT_VERB}", Decimal(3)),
        ),
        "es": (
            (r"dos tercios", _TWO_THIRDS),
            (r"tres cuartos", Decimal("0.75")),
            (r"(?:un|1) tercio", _THIRD),
            (r"(?:un|1) cuarto d[ea]", Decimal("0.25")),
            (r"mitad|(?<=y )media|medio(?! ambiente| oriente| de(?!\w))", Decimal("0.5")),  # not "la media"
            (r"(?<=el )doble|duplic[a-záéíóúñ]+", Decimal(2)),  # "el doble de agua"; "duplicó"
            (r"(?<=el )triple|triplic[a-záéíóúñ]+", Decimal(3)),
        ),
        "fr": (
            (r"deux tiers", _TWO_THIRDS),
            (r"trois quarts", Decimal("0.75")),
            (r"(?:un|1) tiers", _THIRD),
            (r"(?:un|1) quart", Decimal("0.25")),
            (r"moitié|demie?", Decimal("0.5")),
            # "le double d'eau"; "a doublé"; not the adjective ("une double peine")
            (r"(?<=le )double|doubl(?:er|é|ée|és|ées|ent|era|eront|ant)", Decimal(2)),
            (r"(?<=le )triple|tripl(?:er|é|ée|és|ées|ent|era|eront|ant)", Decimal(3)),
        ),
        "ar": (
            (r"ثلاثة أرباع", Decimal("0.75")),
            (r"ثلث[اي]", _TWO_THIRDS),
            (r"ثلث", _THIRD),
            (r"ربع", Decimal("0.25")),
            (r"نصف", Decimal("0.5")),
            (r"تضاعفت?|ضعفي", Decimal(2)),  # "doubled", "twice"; not bare "ضعف" (also "weakness")
        ),
    }
)

# Words read as no number at all: scales (the numeral beside them is the number) and vague plurals.
NOT_NUMBERS: Mapping[str, str] = MappingProxyType(
    {
        "en": r"hundreds|thousands|millions|billions|dozens|millions?|billions?|trillions?",
        "pt": r"centenas|milhares|milhões|milhão|bilhões|bilhão|dezenas|mil milhões",
        "es": r"cientos|centenares|miles|millones|millón|decenas|mil millones",
        "fr": r"centaines|milliers|millions?|milliards?|dizaines",
        "ar": r"مئات|آلاف|ملايين|مليون|مليار|عشرات",
    }
)

# Arabic cardinals 2-10, 20, 100 and 1000 in their usual forms (masculine, feminine, case endings); text2num has
# no Arabic. A leading conjunction "و" ("and") is allowed.
ARABIC_CARDINALS: Mapping[str, int] = MappingProxyType(
    {
        **dict.fromkeys(("اثنان", "اثنين", "اثنتان", "اثنتين"), 2),
        **dict.fromkeys(("ثلاث", "ثلاثة"), 3),
        **dict.fromkeys(("أربع", "أربعة"), 4),
        **dict.fromkeys(("خمس", "خمسة"), 5),
        **dict.fromkeys(("ست", "ستة"), 6),
        **dict.fromkeys(("سبع", "سبعة"), 7),
        **dict.fromkeys(("ثماني", "ثمانية", "ثمان"), 8),
        **dict.fromkeys(("تسع", "تسعة"), 9),
        **dict.fromkeys(("عشر", "عشرة"), 10),
        **dict.fromkeys(("عشرون", "عشرين"), 20),
        **dict.fromkeys(("مئة", "مائة"), 100),
        **dict.fromkeys(("ألف",), 1000),
    }
)

# Percent written as words: "70 por cento" is 70 percent, never 70 and 100 ("cento"); read as the sign "%".
PERCENT_WORDS: Mapping[str, str] = MappingProxyType(
    {
        "en": r"per ?cent",
        "pt": r"por cento",
        "es": r"por ciento|por cien",
        "fr": r"pour ?cent",
        "ar": r"في المائة|في المئة|بالمائة|بالمئة",
    }
)

_TEXT2NUM = frozenset({"en", "fr", "es", "pt"})
_ORDINAL = re.compile(r"(?<!\d)\d+(?:[^\W\d_]+|[ºª])")  # tried from a digit run's start: linear time


_WORD_HYPHEN = re.compile(r"(?<=[^\W\d_])-(?=[^\W\d_])")


def _whole(words: str) -> re.Pattern[str]:
    return re.compile(rf"(?<!\w)(?:{words})(?!\w)", re.IGNORECASE)


def number_words_in(text: str, lang: str) -> list[Decimal]:
    """The numbers written as words in ``text`` (``lang``: a bare or regional code), in order of kind.

    Numerals are not included (:func:`numbers_in` reads them); the value 1 is left out (see the module text).
    """
    base = lang.replace("_", "-").split("-")[0].lower()
    text = LINK.sub(" ", text)
    if base in NOT_NUMBERS:
        text = _whole(NOT_NUMBERS[base]).sub(" ", text)
    if base in PERCENT_WORDS:
        text = _whole(PERCENT_WORDS[base]).sub(" % ", text)
    values: list[Decimal] = []
    for pattern, value in FRACTIONS.get(base, ()):
        text, found = _whole(pattern).subn(" ", text)
        values.extend([value] * found)
    if base == "ar":
        for word in re.findall(r"[\u0600-\u06ff]+", text):
            number = ARABIC_CARDINALS.get(word)
            if number is None and word.startswith("و"):
                number = ARABIC_CARDINALS.get(word[1:])
            if number is not None:
                values.append(Decimal(number))
        return values
    if base not in _TEXT2NUM:
        return values
    before = Counter(numbers_in(text, lang))
    # "a five-year plan": a number word joined to a noun by a hyphen is still a number ("twenty-five" reads the same)
    text = _WORD_HYPHEN.sub(" ", text)
    converted = _ORDINAL.sub(" ", alpha2digit(text, base, threshold=0))
    words = Counter(numbers_in(converted, lang)) - before
    values.extend(v for v in sorted(words.elements(), key=lambda v: converted.find(str(v))) if v != 1)
    return values


def with_digits(text: str, lang: str) -> str:
    """``text`` with its number words written as numerals ("Nine out of ten" -> "9 out of 10"), for checks that
    read what stands around a number; scale words and vague plurals are blanked out ("12 million" -> "12 ~").

    >>> with_digits("Nove em cada dez escolas, 12 milhões", "pt"), with_digits("ثلاثة من كل عشرة", "ar")
    ('9 em cada 10 escolas, 12 ~', '3 من كل 10')
    """
    base = lang.replace("_", "-").split("-")[0].lower()
    text = LINK.sub(" ", text)
    if base in NOT_NUMBERS:
        text = _whole(NOT_NUMBERS[base]).sub("~", text)
    if base == "ar":

        def digit(m: re.Match[str]) -> str:
            word = m.group(0)
            number = ARABIC_CARDINALS.get(word)
            if number is None and word.startswith("و") and word[1:] in ARABIC_CARDINALS:
                return "و" + str(ARABIC_CARDINALS[word[1:]])
            return word if number is None else str(number)

        return re.sub(r"[\u0600-\u06ff]+", digit, text)
    if base not in _TEXT2NUM:
        return text
    return str(alpha2digit(_WORD_HYPHEN.sub(" ", text), base, threshold=0))


def values_in(text: str, lang: str) -> Counter[Decimal]:
    """Every number of ``text`` by value: numerals and number words together."""
    return Counter(numbers_in(text, lang)) + Counter(number_words_in(text, lang))


def _show(value: Decimal, lang: str) -> str:
    return format_decimal(value, locale=_babel_locale(lang), decimal_quantization=False)


@check(
    CheckId.NUMBER_MISMATCH,
    "Number mismatch",
    "A number of the source is missing from the target, or the target has a number the source does not "
    "(compared by value, numerals read with each locale's separators, number words and fractions read too).",
    Severity.CRITICAL,
)
def number_mismatch(segment: Segment, target: str, ctx: CheckContext) -> Iterator[Finding]:
    source_text, target_text = to_plain(segment.source), to_plain(target)
    if ctx.engine == "pseudo":  # a pseudo-translation spells words in accented letters: only numerals can be read
        source, found = (
            Counter(numbers_in(source_text, ctx.source.tag)),
            Counter(numbers_in(target_text, ctx.target.tag)),
        )
    else:
        source, found = values_in(source_text, ctx.source.tag), values_in(target_text, ctx.target.tag)
    source_words = set(number_words_in(source_text, ctx.source.tag))
    target_words = set(number_words_in(target_text, ctx.target.tag))
    for value in sorted((source - found).elements()):
        shown = _show(value, ctx.target.tag)
        how = " (written as words in the source)" if value in source_words else ""
        yield Finding(
            f"number {_show(value, ctx.source.tag)}{how} is missing from the target (expected {shown})", shown
        )
    for value in sorted((found - source).elements()):
        shown = _show(value, ctx.target.tag)
        how = " (written as words)" if value in target_words else ""
        yield Finding(f"number {shown}{how} in the target is not in the source", shown)


CHECKS = (number_mismatch,)
