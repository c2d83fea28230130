"""Strategy (d) on the argos path: candidates that satisfy the glossary are scored by CTranslate2 (test-built model)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from pathlib import Path

import pytest

from support.argos_builder import install_copy_package
from transpub.document import Segment
from transpub.engines.argos import ArgosEngine
from transpub.glossary import load_glossaries
from transpub.languages import parse_language
from transpub.translate.strategies import translate_terms

EN, PT = parse_language("en"), parse_language("pt-BR")


@pytest.fixture(scope="module", autouse=True)
def copy_package() -> None:
    install_copy_package("en", "pb")  # Argos calls Brazilian Portuguese "pb"


def test_score_batch_prefers_the_copy(tmp_path: Path) -> None:
    source = "Climate resilience matters to coastal communities."
    with ArgosEngine() as engine:
        scores = engine.score_batch(
            [source, source, source, ""], [source, "Something else entirely.", "matters Climate", "x"], "en", "pt-BR"
        )
    assert scores[0] > scores[1] and scores[0] > scores[2]  # the identity model finds its own output most probable
    assert all(s <= 0 for s in scores[:3]) and scores[3] == -math.inf  # log-probabilities; empty source: -inf
    assert scores[0] > -1.0  # length-normalised: a mean per token, not a sum


class CountingArgos(ArgosEngine):
    def __init__(self) -> None:
        super().__init__()
        self.scored: list[list[str]] = []

    def score_batch(self, sources: Sequence[str], targets: Sequence[str], source: str, target: str) -> list[float]:
        self.scored.append(list(targets))
        return super().score_batch(sources, targets, source, target)


def test_scored_strategy_on_argos(tmp_path: Path) -> None:
    path = tmp_path / "g.csv"
    path.write_text("en,pt\nclimate resilience,resiliência climática\n", encoding="utf-8")
    glossary = load_glossaries([path], source="en", targets=["pt-BR"])
    segments = [Segment("s1", "Climate resilience matters."), Segment("s2", "Nothing to enforce here.")]
    with CountingArgos() as engine:
        results = translate_terms(engine, segments, source=EN, target=PT, glossary=glossary)
        # the copy model leaves the English term in place: replace and mask both put the mandated term in
        assert [r.strategy for r in results] == ["scored", "engine"]
        assert results[0].target == "Resiliência climática matters."
        assert len(engine.scored) == 1  # one scoring call for every candidate of the language
        candidates = engine.scored[0]
        scores = engine.score_batch(["Climate resilience matters."] * len(candidates), candidates, "en", "pt-BR")
    assert results[0].target == candidates[max(range(len(candidates)), key=scores.__getitem__)]
