"""A rule lives in one place: the checks, protection, the applied-terms report and review validation agree.

Each case is one target judged four ways: by the registered check, by protection's verification of terms it
translated unmasked, by the applied-terms report, and (for inline codes) by review validation. They must reach the
same verdict, with the same wording where they word it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from transpub.checks import REGISTRY, CheckContext
from transpub.checks.applied import applied_terms
from transpub.checks.ids import CheckId
from transpub.checks.markup import code_diff
from transpub.checks.validate import validate_target
from transpub.document import Segment
from transpub.errors import ReviewError
from transpub.glossary import TermStatus, load_glossaries
from transpub.languages import parse_language
from transpub.translate.mask import mask
from transpub.translate.restore import restore

REPO = Path(__file__).resolve().parents[1].parent
EN = parse_language("en")


@pytest.fixture(scope="module")
def glossary():
    return load_glossaries([REPO / "glossaries" / "gcrf.csv"], source="en", targets=["pt", "es", "fr", "ar"])


TERM_CASES = [
    # (check id, lang, source, target, fails)
    (CheckId.MANDATED_MISSING, "pt", "Member States agreed.", "Os Estados-Membros concordaram.", False),
    (CheckId.MANDATED_MISSING, "pt", "Member States agreed.", "Os países membros concordaram.", True),
    (CheckId.MANDATED_MISSING, "es", "An early warning system works.", "Un sistema de aviso funciona.", True),
    (CheckId.MANDATED_MISSING, "fr", "Climate resilience matters.", "La résilience climatique compte.", False),
    (CheckId.MANDATED_MISSING, "ar", "Member States met.", "اجتمعت البلدان.", True),
    (CheckId.KEEP_ALTERED, "pt", "The GCRF and Tidewatch.", "O FGRC e o Tidewatch.", True),
    (CheckId.KEEP_ALTERED, "es", "Amara Okafor spoke.", "Amara Okafor habló.", False),
    (CheckId.KEEP_ALTERED, "fr", "GCRF and GCRF.", "Le GCRF.", True),
    (CheckId.KEEP_ALTERED, "ar", "Tidewatch data.", "بيانات مراقبة المد.", True),
]


@pytest.mark.parametrize(("check_id", "lang", "source", "target", "fails"), TERM_CASES)
def test_check_protection_and_applied_terms_agree(glossary, check_id, lang, source, target, fails) -> None:
    segment = Segment("s1", source)
    matches = glossary.find(source)
    ctx = CheckContext(source=EN, target=parse_language(lang), matches=matches, glossary=glossary)
    flags = REGISTRY[check_id](segment, target, ctx)

    # protection, terms sent unmasked and the engine answering ``target``
    unmasked = mask(segment, matches, lang, mask_terms=False)
    problems = [p for p in restore(unmasked, target).problems if p.code == check_id]

    applied = applied_terms(matches, target, lang)
    failed = [t for t in applied if t.status is TermStatus.FAILED]

    assert bool(flags) is bool(problems) is bool(failed) is fails
    assert [f.message for f in flags] == [p.message for p in problems] == [t.reason for t in failed]


CODE_CASES = [
    ('Read <g id="1">the report</g>.', 'Leia <g id="1">o relatório</g>.', ""),
    ('Read <g id="1">the report</g>.', "Leia o relatório.", "missing: g1"),
    ("Read this.", 'Leia <g id="1">isto</g>.', "unexpected: g1"),
    ('A<x id="1"/>B<x id="2"/>', 'A<x id="2"/>B<x id="1"/>', ""),  # order is free
    ('A<x id="1"/>B', 'A<x id="1"/>B<x id="1"/>', "unexpected: x1"),
]


@pytest.mark.parametrize(("source", "target", "described"), CODE_CASES)
def test_one_inline_code_comparison(source: str, target: str, described: str) -> None:
    diff = code_diff(source, target)
    assert diff.describe() == described
    segment = Segment("s1", source)
    ctx = CheckContext(source=EN, target=parse_language("pt"))
    markup_flags = REGISTRY[CheckId.CODE_LOST](segment, target, ctx) + REGISTRY[CheckId.CODE_DUPLICATED](
        segment, target, ctx
    )
    assert bool(markup_flags) is bool(diff)
    if diff:
        with pytest.raises(ReviewError, match=f"inline codes differ from the source \\({described}\\)"):
            validate_target(source, target)
    else:
        validate_target(source, target)
