"""Number agreement of "million" and gender of "one in N <noun>" (checks/quantity.py), "por moto" for
"by motorbike" (checks/transport.py), the participle after "a ser" (checks/gender.py) and Ghana's and Iran's
European forms (checks/data/pt_variety.json). Table-driven with must-not-flag rows; "engine" rows are bergamot
output from bench/data/qe_blind3.json and qe_blind.json (calibration). The human pt-BR references of
bench/data/terms_reference.json are flagged by none of them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from transpub.checks import REGISTRY, CheckContext
from transpub.checks.gender import participle_problems
from transpub.checks.ids import CheckId
from transpub.checks.quantity import number_noun_problems, one_in_n_problems
from transpub.checks.transport import by_vehicle_problems
from transpub.checks.variety import other_variety_forms
from transpub.document import Segment
from transpub.languages import parse_language
from transpub.text.tagged import escape

REPO = Path(__file__).resolve().parents[2]
EN = parse_language("en")

# (variety or language, target, flagged spans)
NUMBERS: list[tuple[str, str, list[str]]] = [
    # ---- Portuguese: 1 to under 2 singular in Brazil, 2 and above plural everywhere
    ("pt-BR", "Mais de 1,3 milhões de crianças tiveram sua escolaridade interrompida.", ["1,3 milhões"]),  # engine: d04
    ("pt-BR", "Mais de 1,3 milhão de crianças tiveram os estudos interrompidos.", []),
    ("pt-BR", "O fundo liberou US$ 1,5 bilhões.", ["1,5 bilhões"]),
    ("pt-BR", "O fundo liberou US$ 1,5 bilhão.", []),
    ("pt-BR", "Cerca de 2,5 milhões de pessoas.", []),
    ("pt-BR", "Cerca de 2,5 milhão de pessoas.", ["2,5 milhão"]),
    ("pt-BR", "Um total de 1 milhões de doses.", ["1 milhões"]),
    ("pt-BR", "Foram 40 milhões de dólares e 1 milhão de euros.", []),
    ("pt-BR", "A população passou de 0,5 milhão para 0,8 milhões.", []),  # under 1: usage varies, not read
    ("pt-BR", "Em 2024, 1.300 milhões de reais.", []),  # part of a longer number
    ("pt-PT", "Mais de 1,3 milhões de crianças.", []),  # accepted in Portugal
    ("pt-PT", "Cerca de 3 milhão de pessoas.", ["3 milhão"]),
    # ---- Spanish: only "un millón" is singular
    ("es", "Más de 1,3 millones de niños.", []),
    ("es", "Más de 1,3 millón de niños.", ["1,3 millón"]),
    ("es", "Un total de 1 millón de dosis y 2 millones de euros.", []),
    ("es", "Unos 4 billón de dólares.", ["4 billón"]),
    # ---- French: under 2 singular
    ("fr", "Plus de 1,3 million d'enfants.", []),
    ("fr", "Plus de 1,3 millions d'enfants.", ["1,3 millions"]),
    ("fr", "Environ 2,5 million de personnes.", ["2,5 million"]),
    ("fr", "Environ 2,5 millions de personnes et 1 milliard d'euros.", []),
    # ---- Arabic: not checked
    ("ar", "أكثر من 1,3 مليون طفل.", []),
]


@pytest.mark.parametrize(("variety", "target", "spans"), NUMBERS)
def test_million_agrees_with_the_number_by_the_language_norm(variety: str, target: str, spans: list[str]) -> None:
    assert number_noun_problems(target, variety) == spans


TRAVEL = "Health workers will travel on foot, by motorbike and by canoe to reach the most remote settlements."
# (language, source, target, flagged spans)
VEHICLES: list[tuple[str, str, str, list[str]]] = [
    (
        "pt",
        TRAVEL,
        "Os profissionais de saúde viajarão a pé, por moto e por canoa para alcançar os assentamentos.",  # engine: d15
        ["por moto", "por canoa"],
    ),
    ("pt", TRAVEL, "Os profissionais de saúde viajarão a pé, de moto e de canoa.", []),
    ("pt", "They came by bus, train or boat.", "Vieram por ônibus, trem ou barco.", ["por ônibus"]),
    ("pt", "The fee is $10 per car.", "A taxa é de US$ 10 por carro.", []),  # "per car", not "by car"
    ("pt", "Supplies were flown in by helicopter.", "Os suprimentos chegaram por helicóptero.", []),  # not listed
    ("pt", "Aid arrived by air.", "A ajuda chegou por via aérea.", []),
    ("pt", "The report was written by car owners.", "O relatório foi escrito por donos de carro.", []),
    ("es", TRAVEL, "Viajarán a pie, por moto y por canoa.", []),  # not checked
    ("fr", "Sent by boat.", "Envoyé par bateau.", []),  # right in French
    ("ar", TRAVEL, "سيسافرون على الأقدام وبالدراجات النارية.", []),
]


@pytest.mark.parametrize(("lang", "source", "target", "spans"), VEHICLES)
def test_by_a_vehicle_is_de_in_portuguese(lang: str, source: str, target: str, spans: list[str]) -> None:
    assert by_vehicle_problems(source, target, lang) == spans


# (language, target, flagged spans)
A_SER: list[tuple[str, str, list[str]]] = [
    (
        "pt",
        "Parassem de tratar as pessoas deslocadas como um problema a ser gerenciada e a vê-las como vizinhas.",  # d38
        ["um problema a ser gerenciada"],
    ),
    ("pt", "Tratá-las como um problema a ser gerenciado.", []),
    ("pt", "Há uma meta a ser alcançado.", ["uma meta a ser alcançado"]),
    ("pt", "Há metas a serem alcançadas e os recursos a serem distribuídos.", []),
    ("pt", "Os recursos a serem alocadas chegam hoje.", ["Os recursos a serem alocadas"]),
    ("pt", "Levou a comunidade a ser ouvida.", []),
    ("es", "El problema a ser gestionada.", ["El problema a ser gestionada"]),
    ("es", "El problema a ser gestionado.", []),
    ("es", "Un arma a ser usada.", []),  # "un" is not read: feminine nouns in stressed a take it ("un arma")
    ("fr", "Un problème à gérer.", []),
]


@pytest.mark.parametrize(("lang", "target", "spans"), A_SER)
def test_the_participle_after_a_ser_takes_the_noun_before(lang: str, target: str, spans: list[str]) -> None:
    assert participle_problems(target, lang) == spans


# (page variety, target, flagged forms)
PLACES: list[tuple[str, str, list[str]]] = [
    ("pt-BR", "Kwame Mensah, ex-ministro das Finanças do Gana.", ["do Gana"]),  # engine: d33
    ("pt-BR", "Kwame Mensah, ex-ministro das Finanças de Gana.", []),
    ("pt-BR", "As chuvas no Gana e no Irão.", ["no Gana", "no Irão"]),
    ("pt-BR", "As chuvas em Gana e no Irã.", []),
    ("pt-BR", "Os parceiros o irão apoiar; eles irão ao Irã.", []),  # "irão" the verb
    ("pt-PT", "As chuvas no Gana e no Irão.", []),  # right in Portugal
]


@pytest.mark.parametrize(("variety", "target", "forms"), PLACES)
def test_ghana_and_iran_in_each_variety(variety: str, target: str, forms: list[str]) -> None:
    assert [f for f, _ in other_variety_forms(target, variety)] == forms


def test_the_checks_raise_them_on_a_segment() -> None:
    ctx = CheckContext(source=EN, target=parse_language("pt"))
    segment = Segment("s1", escape(TRAVEL))
    agreement = REGISTRY[CheckId.AGREEMENT](segment, escape("Mais de 1,3 milhões de crianças."), ctx)
    assert [f.span for f in agreement] == ["1,3 milhões"]
    order = REGISTRY[CheckId.ENGLISH_WORD_ORDER](segment, escape("Viajarão a pé, por moto e por canoa."), ctx)
    assert [f.span for f in order] == ["por moto", "por canoa"]
    variety = REGISTRY[CheckId.VARIETY_MISMATCH](segment, escape("O ex-ministro do Gana."), ctx)
    assert [f.span for f in variety] == ["do Gana"]


def test_human_references_are_not_flagged() -> None:
    """The 94 human pt-BR references of bench/data/terms_reference.json: none is flagged by these rules."""
    data = json.loads((REPO / "bench" / "data" / "terms_reference.json").read_text(encoding="utf-8"))
    assert len(data["sentences"]) == 94
    flagged = []
    for row in data["sentences"]:
        source, reference = row["source"], row["reference"]
        flagged.extend(number_noun_problems(reference, "pt-BR") + one_in_n_problems(reference, "pt"))
        flagged.extend(by_vehicle_problems(source, reference, "pt"))
        flagged.extend(participle_problems(reference, "pt"))
        flagged.extend(f for f, _ in other_variety_forms(reference, "pt-BR", source))
    assert flagged == []


# (language, target, flagged spans)
ONE_IN: list[tuple[str, str, list[str]]] = [
    ("pt", "Uma em cada quatro casas no distrito foi danificada.", []),  # engine: b43 (publishable)
    ("pt", "Um em cada quatro casas no distrito foi danificada.", ["Um em cada quatro casas"]),
    ("pt", "Uma em cada três alunos.", ["Uma em cada três alunos"]),
    ("pt", "Uma em cada três homens.", []),  # "-ens": no gender read from the ending
    ("pt", "Um em cada 5 alunos abandona a escola.", []),
    ("pt", "Um em cada cinco sistemas falhou.", []),  # "-mas": no gender read
    ("pt", "Apenas 41% das escolas têm banheiro, e menos de um em cada cinco tem sabão.", []),  # no noun: not read
    ("es", "Una de cada cinco niñas.", []),
    ("es", "Uno de cada cinco niñas.", ["Uno de cada cinco niñas"]),
    ("es", "Una de cada cinco niños.", ["Una de cada cinco niños"]),
    ("fr", "Un enfant sur cinq.", []),  # French: another structure, not checked
]


@pytest.mark.parametrize(("lang", "target", "spans"), ONE_IN)
def test_one_in_n_takes_the_gender_of_its_noun(lang: str, target: str, spans: list[str]) -> None:
    assert one_in_n_problems(target, lang) == spans
