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
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from decimal import Decimal

from babel.numbers import format_decimal, get_decimal_symbol, get_group_symbol, parse_decimal

from transpub.checks.base import CheckContext, Finding, check
from transpub.document import Segment, Severity
from transpub.text.placeholders import LINK
from transpub.text.tagged import to_plain

_ARABIC_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "0123456789" * 2)
_SPACES = " \u00a0\u202f\u2009"


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


def _show(value: Decimal, lang: str) -> str:
    return format_decimal(value, locale=_babel_locale(lang), decimal_quantization=False)


@check(
    "number-mismatch",
    "Number mismatch",
    "A number of the source is missing from the target, or the target has a number the source does not "
    "(compared by value, each read with its own locale's separators).",
    Severity.CRITICAL,
)
def number_mismatch(segment: Segment, target: str, ctx: CheckContext) -> Iterator[Finding]:
    source = Counter(numbers_in(to_plain(segment.source), ctx.source.tag))
    found = Counter(numbers_in(to_plain(target), ctx.target.tag))
    for value in sorted((source - found).elements()):
        shown = _show(value, ctx.target.tag)
        yield Finding(f"number {_show(value, ctx.source.tag)} is missing from the target (expected {shown})", shown)
    for value in sorted((found - source).elements()):
        shown = _show(value, ctx.target.tag)
        yield Finding(f"number {shown} in the target is not in the source", shown)


CHECKS = (number_mismatch,)
