"""The pseudo engine: accented, longer, bracketed, deterministic, and placeholders/URLs untouched."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from transpub.engines import create_engine
from transpub.engines.base import Engine
from transpub.engines.pseudo import PROTECTED, PseudoEngine, pseudo_localise
from transpub.errors import ConfigError

KEPT = [
    # (source, spans that must come back byte for byte)
    ("Contact XTERM1X today", ["XTERM1X"]),
    ("See [T1] and [T12] and [g3] and [12]", ["[T1]", "[T12]", "[g3]", "[12]"]),
    ("Tokens XTAG10X, PH3 and XPH2AB stay", ["XTAG10X", "PH3", "XPH2AB"]),
    ("Read https://gcrf.example.org/news/2026?id=3&x=y.", ["https://gcrf.example.org/news/2026?id=3&x=y"]),
    ("Visit www.gcrf.example.org, then http://a.example/b_c", ["www.gcrf.example.org", "http://a.example/b_c"]),
    ("Write to press@gcrf.example.org now", ["press@gcrf.example.org"]),
    ("XTERM1XXTERM2X glued", ["XTERM1XXTERM2X"]),
]


@pytest.mark.parametrize(("source", "spans"), KEPT)
def test_placeholders_urls_and_addresses_are_untouched(source: str, spans: list[str]) -> None:
    [out] = PseudoEngine().translate_batch([source], "en", "fr")
    for span in spans:
        assert span in out
    assert [m.group() for m in PROTECTED.finditer(out)] == [m.group() for m in PROTECTED.finditer(source)]


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("Hello", "[!!! Ĥéļļö !!!]"),
        ("GCRF", "[!!! ĜÇŔƑ !!!]"),
        ("2026-03-14, 37%!", "[!!! 2026-03-14, 37%! !!!]"),
        ("", ""),
        ("   ", "   "),
        ("Ça va", "[!!! Çá ṽá !!!]"),
    ],
)
def test_exact_output(source: str, expected: str) -> None:
    assert pseudo_localise(source) == expected


def test_long_text_is_about_thirty_percent_longer_and_bracketed() -> None:
    source = "The Global Coastal Resilience Fund announced on Monday that the initiative will expand. " * 3
    out = pseudo_localise(source)
    assert out.startswith("[!!! ") and out.endswith(" !!!]")
    assert 1.3 <= len(out) / len(source) < 1.35
    assert not re.search(r"[a-zA-Z]", out)  # every ASCII letter is accented


def test_deterministic_and_order_preserving() -> None:
    texts = ["one", "two XTERM1X", "", "three [T1]"]
    first = PseudoEngine().translate_batch(texts, "en", "ar")
    assert first == PseudoEngine().translate_batch(texts, "en", "pt-BR")
    assert first == [pseudo_localise(t) for t in texts]


def test_engine_contract() -> None:
    engine = create_engine("pseudo")
    assert isinstance(engine, Engine)
    assert engine.name == "pseudo"
    assert engine.supports("en", "zh-Hant") and engine.supports("en", "ar")
    assert engine.model_id("en", "es") == "pseudo:2"
    assert engine.translate_batch([], "en", "es") == []
    engine.close()


def test_rejects_options() -> None:
    with pytest.raises(ConfigError, match="takes no options"):
        create_engine("pseudo", beam_size=2)


_placeholder = st.from_regex(r"X[A-Z]{1,5}[0-9]{1,3}X|\[T[0-9]{1,2}\]", fullmatch=True)
_word = st.text(alphabet="abcdefghijklmnopqrstuvwxyzéà,.'", min_size=1, max_size=8)


@given(st.lists(st.one_of(_placeholder, _word), min_size=1, max_size=12))
def test_placeholders_survive_any_sentence(tokens: list[str]) -> None:
    source = " ".join(tokens)
    out = pseudo_localise(source)
    placeholders = [t for t in tokens if re.fullmatch(r"X[A-Z]+[0-9]+X|\[T[0-9]+\]", t)]
    found = [m.group() for m in re.finditer(r"X[A-Z]+[0-9]+X|\[T[0-9]+\]", out)]
    assert found == placeholders
