"""QA checks: an explicit registry of small, pure check functions, each with a stable id and a severity.

>>> from transpub.document import Segment
>>> from transpub.languages import parse_language
>>> ctx = CheckContext(source=parse_language("en"), target=parse_language("pt"))
>>> [f.code for f in run_checks(Segment("s1", "More than 40,000 people."), "Mais de 40,000 pessoas.", ctx)]
['number-mismatch', 'number-mismatch']
>>> sorted(REGISTRY)[:3]
['acronym-untranslated', 'addition', 'agreement']
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from transpub.checks import (
    artefacts,
    confidence,
    datenames,
    determiners,
    garble,
    grammar,
    imperative,
    markup,
    numbers,
    omission,
    quotes,
    relations,
    roundtrip,
    senses,
    spelling,
    terms,
    text,
    variety,
)
from transpub.checks.base import Check, CheckContext, Finding, check
from transpub.checks.ids import CheckId
from transpub.document import Flag, Segment, Severity
from transpub.errors import ProtectionError
from transpub.text.tagged import parse

# Order is the order flags are reported in: glossary, numbers, markup, text, then quality estimation.
REGISTRY: Mapping[str, Check] = MappingProxyType(
    {
        c.check_id: c
        for c in (
            *terms.CHECKS,
            *numbers.CHECKS,
            *relations.CHECKS,
            *markup.CHECKS,
            *text.CHECKS,
            *quotes.CHECKS,
            *variety.CHECKS,
            *datenames.CHECKS,
            *artefacts.CHECKS,
            *senses.CHECKS,
            *grammar.CHECKS,
            *imperative.CHECKS,
            *garble.CHECKS,
            *determiners.CHECKS,
            *omission.CHECKS,
            *roundtrip.CHECKS,
            *confidence.CHECKS,
            *spelling.CHECKS,
        )
    }
)

MALFORMED = CheckId.MALFORMED


def run_checks(segment: Segment, target: str, ctx: CheckContext) -> tuple[Flag, ...]:
    """Every registered check not in ``ctx.ignore``, run on one segment's tagged target."""
    try:
        parse(target)
    except ProtectionError as exc:
        return (Flag(MALFORMED, Severity.CRITICAL, f"the target is not valid tagged text: {exc.message}", target),)
    flags: list[Flag] = []
    for check_id, registered in REGISTRY.items():
        if check_id not in ctx.ignore:
            flags.extend(registered(segment, target, ctx))
    return tuple(flags)


__all__ = ["MALFORMED", "REGISTRY", "Check", "CheckContext", "Finding", "check", "run_checks"]
