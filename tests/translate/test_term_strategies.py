"""Term strategies on a fake engine: keep the engine's sentence, replace its rendering, mask, or pick by score."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

import pytest

from transpub.checks.ids import CheckId
from transpub.config import settings_from_mapping
from transpub.document import Segment
from transpub.errors import ConfigError
from transpub.glossary import Glossary, load_glossaries
from transpub.languages import parse_language
from transpub.translate.run import translate_segments
from transpub.translate.strategies import TermResult, translate_terms

EN, PT = parse_language("en"), parse_language("pt")

GLOSSARY = """en,pt,pt_gender,pt_plural,type,case_sensitive
GCRF,,m,,keep,yes
Coastal Horizons Initiative,,f,,keep,
Member States,Estados-Membros,m,,translate,
host community,comunidade de acolhimento,f,,translate,
capacity building,reforço de capacidades,m,-,translate,
storm surge,maré de tempestade,f,,translate,
European citizen,cidadão europeu,m,,translate,
"""

# What the fake engine answers: sentences, the terms alone and their variants, masked sentences.
ANSWERS = {
    "Member States met in Geneva.": "Os Estados-Membros reuniram-se em Genebra.",
    "Host communities share schools.": "As comunidades anfitriãs compartilham escolas.",
    "Host communities": "Comunidades anfitriãs",
    "host communities": "comunidades anfitriãs",
    "the host communities": "as comunidades anfitriãs",
    "host community": "comunidade anfitriã",
    "Capacity building was carried out.": "A capacitação foi realizada.",
    "Capacity building": "Capacitação",
    "capacity building": "capacitação",
    "the capacity building": "a capacitação",
    "The storm surge came.": "Veio a chuva forte.",
    "The [T1] came.": "A [T1] chegou.",
    "GCRF opened an office.": "A GCRF abriu um escritório.",
    "The Coastal Horizons Initiative was launched.": "A Iniciativa Horizontes Costeiros foi lançada.",
    "Coastal Horizons Initiative": "Iniciativa Horizontes Costeiros",
    "coastal horizons initiative": "iniciativa horizontes costeiros",
    "the coastal horizons initiative": "a iniciativa horizontes costeiros",
    "European citizens voted.": "Os cidadãos da Europa votaram.",
    "European citizens": "Cidadãos da Europa",
    "european citizens": "cidadãos da Europa",
    "the european citizens": "os cidadãos da Europa",
    "european citizen": "cidadão da Europa",
}


class FakeEngine:
    """Answers from a table (unknown texts come back unchanged) and records every batch."""

    name = "fake"

    def __init__(self, answers: Mapping[str, str] = ANSWERS) -> None:
        self.answers = dict(answers)
        self.batches: list[list[str]] = []

    def supports(self, source: str, target: str) -> bool:
        return True

    def model_id(self, source: str, target: str) -> str:
        return "fake-1"

    def translate_batch(self, texts: Sequence[str], source: str, target: str) -> list[str]:
        self.batches.append(list(texts))
        return [self.answers.get(t, t) for t in texts]

    def close(self) -> None:
        return None


class ScoringEngine(FakeEngine):
    """Also scores candidates: the preferred wording scores highest."""

    def __init__(self, answers: Mapping[str, str], preferred: str) -> None:
        super().__init__(answers)
        self.preferred = preferred
        self.scored: list[list[str]] = []

    def score_batch(self, sources: Sequence[str], targets: Sequence[str], source: str, target: str) -> list[float]:
        self.scored.append(list(targets))
        return [-0.1 if self.preferred in t else -2.0 for t in targets]


@pytest.fixture
def glossary(tmp_path: Path) -> Glossary:
    path = tmp_path / "g.csv"
    path.write_text(GLOSSARY, encoding="utf-8")
    return load_glossaries([path], source="en", targets=["pt"])


def run(engine: FakeEngine, glossary: Glossary, *sources: str, mode: str = "auto") -> list[TermResult]:
    segments = [Segment(f"s{i}", s) for i, s in enumerate(sources)]
    return translate_terms(engine, segments, source=EN, target=PT, glossary=glossary, mode=mode)


STRATEGY_CASES = [
    # (source, expected target, expected strategy)
    ("Member States met in Geneva.", "Os Estados-Membros reuniram-se em Genebra.", "engine"),
    ("Host communities share schools.", "As comunidades de acolhimento compartilham escolas.", "replace"),
    ("Capacity building was carried out.", "O reforço de capacidades foi realizado.", "replace"),  # gender follows
    ("The storm surge came.", "A maré de tempestade chegou.", "mask"),  # no rendering to replace
    ("GCRF opened an office.", "O GCRF abriu um escritório.", "agree"),  # keep-term gender from the glossary
    ("The Coastal Horizons Initiative was launched.", "A Coastal Horizons Initiative foi lançada.", "replace"),
    ("European citizens voted.", "Os cidadões europeus votaram.", "replace"),  # plural guessed, and flagged
]


@pytest.mark.parametrize(("source", "expected", "strategy"), STRATEGY_CASES)
def test_each_strategy(glossary: Glossary, source: str, expected: str, strategy: str) -> None:
    (result,) = run(FakeEngine(), glossary, source)
    assert (result.target, result.strategy) == (expected, strategy)
    assert not [f for f in result.flags if f.severity.value == "critical"]
    assert all(t.status.value != "failed" for t in result.terms)


def test_links_are_never_replaced_into(glossary: Glossary) -> None:
    engine = FakeEngine({"See [T1] by GCRF.": "Veja [T1] do Fundo.", "GCRF": "Fundo"})
    (result,) = run(engine, glossary, "See https://gcrf.org/gcrf by GCRF.")
    assert "https://gcrf.org/gcrf" in result.target
    assert result.target.count("GCRF") == 1


def test_a_guessed_plural_is_flagged(glossary: Glossary) -> None:
    (result,) = run(FakeEngine(), glossary, "European citizens voted.")
    (flag,) = [f for f in result.flags if f.code == CheckId.INFLECTION_UNSURE]
    assert flag.severity.value == "warning" and "cidadão europeu" in flag.message


def test_engine_calls_are_batched_per_language(glossary: Glossary) -> None:
    engine = FakeEngine()
    sources = [case[0] for case in STRATEGY_CASES]
    results = run(engine, glossary, *sources)
    assert [r.target for r in results] == [case[1] for case in STRATEGY_CASES]
    # one batch for every sentence unmasked, one for the term variants, one for masking: never one per segment
    assert len(engine.batches) == 3
    assert engine.batches[0] == sources
    assert "host community" in engine.batches[1] and "capacity building" in engine.batches[1]
    assert engine.batches[2] == ["The [T1] came."]


def test_mask_mode_is_the_old_behaviour(glossary: Glossary) -> None:
    engine = FakeEngine()
    results = run(engine, glossary, "Member States met in Geneva.", "No terms here.", mode="mask")
    assert [r.strategy for r in results] == ["mask", "engine"]
    assert engine.batches[0][0] == "[T1] met in Geneva."


def test_unknown_mode_is_refused(glossary: Glossary) -> None:
    with pytest.raises(ConfigError, match=r"glossary\.strategy"):
        run(FakeEngine(), glossary, "x", mode="fancy")


def test_scoring_picks_the_most_probable_candidate(glossary: Glossary) -> None:
    answers = {**ANSWERS, "The [T1] came.": "Chegou a [T1].", "The storm surge came.": "A onda de tempestade chegou."}
    answers.update({"storm surge": "onda de tempestade", "the storm surge": "a onda de tempestade"})
    for preferred, expected in [
        ("A maré", "A maré de tempestade chegou."),  # the replace candidate
        ("Chegou", "Chegou a maré de tempestade."),  # the mask candidate
    ]:
        engine = ScoringEngine(answers, preferred=preferred)
        (result,) = run(engine, glossary, "The storm surge came.")
        assert (result.strategy, result.target) == ("scored", expected)
        assert engine.scored == [["A maré de tempestade chegou.", "Chegou a maré de tempestade."]]  # one call


def test_the_run_records_the_strategy(glossary: Glossary) -> None:
    segments = [Segment("b1.s1", "Host communities share schools."), Segment("b1.s2", "Member States met in Geneva.")]
    run_ = translate_segments(segments, source=EN, target=PT, engine=FakeEngine(), glossary=glossary)
    assert [run_.for_segment(s).strategy for s in segments] == ["replace", "engine"]
    masked = translate_segments(
        segments, source=EN, target=PT, engine=FakeEngine(), glossary=glossary, term_strategy="mask"
    )
    assert {masked.for_segment(s).strategy for s in segments} == {"mask"}


def test_config_key(tmp_path: Path) -> None:
    base = {"transpub": {"targets": ["pt"]}}
    assert settings_from_mapping(base, base_dir=tmp_path).term_strategy == "auto"
    s = settings_from_mapping({**base, "glossary": {"strategy": "mask"}}, base_dir=tmp_path)
    assert s.term_strategy == "mask"
    with pytest.raises(ConfigError, match=r"glossary\.strategy"):
        settings_from_mapping({**base, "glossary": {"strategy": "magic"}}, base_dir=tmp_path)


def test_the_report_names_each_segments_strategy(tmp_path: Path) -> None:
    import json

    from transpub.pipeline.publish import publish_releases

    (tmp_path / "g.csv").write_text(GLOSSARY, encoding="utf-8")
    releases = tmp_path / "releases"
    releases.mkdir()
    (releases / "r.txt").write_text(
        "Host communities share schools.\n\nHost communities share schools. Member States met in Geneva.\n",
        encoding="utf-8",
    )
    data = {
        "transpub": {"targets": ["pt"], "out": "out", "memory": "", "glossaries": ["g.csv"]},
        "languages": {"pt": {"engine": "argos"}},
    }
    publish_releases([releases], settings_from_mapping(data, base_dir=tmp_path), engines={"argos": FakeEngine()})
    (report_path,) = (tmp_path / "out" / "reports").glob("*.json")
    segments = json.loads(report_path.read_text(encoding="utf-8"))["languages"]["pt"]["segments"]
    by_source = {s["source"]: s for s in segments}
    assert by_source["Host communities share schools."]["strategy"] == "replace"
    assert (
        by_source["Host communities share schools."]["target"] == "As comunidades de acolhimento compartilham escolas."
    )
    assert by_source["Member States met in Geneva."]["strategy"] == "engine"
