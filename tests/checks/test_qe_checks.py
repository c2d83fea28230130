"""Quality-estimation checks (issue 13), table-driven: (check, language, source, target, extra context, number of
flags) in Portuguese, Spanish, French and Arabic; 0 flags means the target passes. Sentences are real engine output
from bench/data/qe_set.json where there is one, otherwise written for the case."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from transpub.checks import REGISTRY, CheckContext, run_checks
from transpub.checks.numbers import number_words_in, values_in
from transpub.checks.qe import qe_inputs, with_qe
from transpub.checks.qeconfig import DEFAULT_QE, QeConfig, qe_config_from_table
from transpub.document import Origin, Segment, Severity
from transpub.errors import ConfigError
from transpub.glossary import load_glossaries
from transpub.languages import parse_language
from transpub.text.tagged import escape

REPO = Path(__file__).resolve().parents[1].parent
EN = parse_language("en")
ES_419 = qe_config_from_table({"variety": {"es": "es-419"}})
PT_PT = qe_config_from_table({"variety": {"pt": "pt-PT"}})


@pytest.fixture(scope="module")
def glossary():
    return load_glossaries([REPO / "glossaries" / "gcrf.csv"], source="en", targets=["pt", "es", "fr", "ar"])


def run_one(check_id: str, lang: str, source: str, target: str, extra: dict[str, Any], glossary) -> list[str]:
    segment = Segment("s1", escape(source))
    ctx = CheckContext(
        source=EN, target=parse_language(lang), matches=glossary.find(segment.source), glossary=glossary, **extra
    )
    flags = REGISTRY[check_id](segment, escape(target), ctx)
    assert all(f.code == check_id and f.severity is REGISTRY[check_id].severity for f in flags)
    assert all((f.message and f.message[0].islower()) or f.message[0] in "'“" for f in flags)
    return [f.message for f in flags]


NONE: dict[str, Any] = {}
BACK_LOST = {"back_translation": "The training sessions have already been held in coastal villages.", "engine": "x"}
BACK_OK = {"back_translation": "Ten training sessions have already been held in coastal villages.", "engine": "x"}
TEN = "Ten training sessions have already been held in coastal villages."

CASES: list[tuple[str, str, str, str, dict[str, Any], int]] = [
    # ---- numbers written as words, compared by value with numerals
    ("number-mismatch", "pt", "“Ten sessions were held,” he said.", "“Dez sessões foram realizadas”, disse.", NONE, 0),
    ("number-mismatch", "pt", "“Ten sessions were held,” he said.", "As sessões foram realizadas, disse ele.", NONE, 1),
    ("number-mismatch", "pt", "Almost 200 families moved.", "Quase duzentas famílias mudaram-se.", NONE, 0),
    ("number-mismatch", "pt", "A third of the budget.", "Um terço do orçamento.", NONE, 0),
    ("number-mismatch", "pt", "A third of the budget.", "Metade do orçamento.", NONE, 2),
    ("number-mismatch", "pt", "Half a million people.", "Meio milhão de pessoas.", NONE, 0),
    ("number-mismatch", "es", "Ten sessions were held.", "Se celebraron diez sesiones.", NONE, 0),
    ("number-mismatch", "es", "Two-thirds of respondents.", "Dos tercios de los encuestados.", NONE, 0),
    ("number-mismatch", "es", "Twelve districts.", "Once distritos.", NONE, 2),
    ("number-mismatch", "fr", "Ten sessions were held.", "Dix séances ont eu lieu.", NONE, 0),
    ("number-mismatch", "fr", "Ten sessions were held.", "Des séances ont eu lieu.", NONE, 1),
    ("number-mismatch", "fr", "A quarter of the funding.", "Un quart du financement.", NONE, 0),
    ("number-mismatch", "ar", "Ten sessions were held.", "عقدت عشر جلسات.", NONE, 0),
    ("number-mismatch", "ar", "Ten sessions were held.", "عقدت ١٠ جلسات.", NONE, 0),
    ("number-mismatch", "ar", "Ten sessions were held.", "عقدت جلسات.", NONE, 1),
    ("number-mismatch", "ar", "Half of the shelters.", "نصف الملاجئ.", NONE, 0),
    # a number word joined by a hyphen is a number; "twice" is two; "halve" is a half
    ("number-mismatch", "pt", "A five-year programme.", "Um programa de cinco anos.", NONE, 0),
    ("number-mismatch", "pt", "A five-year programme.", "Um programa de seis anos.", NONE, 2),
    ("number-mismatch", "fr", "A twenty-five-year plan.", "Un plan sur vingt-cinq ans.", NONE, 0),
    ("number-mismatch", "pt", "Teams visit twice a day.", "As equipes visitam duas vezes por dia.", NONE, 0),
    ("number-mismatch", "es", "Teams visit twice a day.", "Los equipos visitan dos veces al día.", NONE, 0),
    ("number-mismatch", "pt", "The plan will halve losses.", "O plano reduzirá as perdas à metade.", NONE, 0),
    # a pseudo-translation spells words in accented letters: only its numerals are compared
    ("number-mismatch", "fr", "Forty Member States.", "[!!! Ƒöŕţý États membres !!!]", {"engine": "pseudo"}, 0),
    ("number-mismatch", "fr", "Forty and 12 States.", "[!!! Ƒöŕţý áñð 13 !!!]", {"engine": "pseudo"}, 2),
    # percent words are the sign, not the number 100; articles, ordinals and "meio ambiente" are no numbers
    ("number-mismatch", "pt", "Funding covers 70 per cent.", "O financiamento cobre 70 por cento.", NONE, 0),
    ("number-mismatch", "pt", "Funding covers 70%.", "O financiamento cobre setenta por cento.", NONE, 0),
    ("number-mismatch", "pt", "Funding covers 70%.", "O financiamento cobre 60 por cento.", NONE, 2),
    ("number-mismatch", "pt", "A report on the environment.", "Um relatório sobre o meio ambiente.", NONE, 0),
    ("number-mismatch", "pt", "The first of two reports.", "O primeiro de dois relatórios.", NONE, 0),
    ("number-mismatch", "pt", "Half a day.", "Meio dia.", NONE, 0),
    ("number-mismatch", "es", "Funding covers 70 per cent.", "La financiación cubre el 70 por ciento.", NONE, 0),
    (
        "number-mismatch",
        "es",
        "One of the schools, on the environment.",
        "Uno de los colegios, medio ambiente.",
        NONE,
        0,
    ),
    ("number-mismatch", "es", "A hundred per cent.", "Cien por cien.", NONE, 0),
    ("number-mismatch", "fr", "Funding covers 70 per cent.", "Le financement couvre 70 pour cent.", NONE, 0),
    ("number-mismatch", "fr", "A school and a man, the first day.", "Une école et un homme, le premier jour.", NONE, 0),
    ("number-mismatch", "fr", "Funding covers 70 per cent.", "Le financement couvre 80 pour cent.", NONE, 2),
    ("number-mismatch", "ar", "Funding covers 70 per cent.", "يغطي التمويل ٧٠ في المائة.", NONE, 0),
    # ---- quotation marks
    ("quotes-lost", "pt", "“We cannot wait,” she said.", "“Não podemos esperar”, disse ela.", NONE, 0),
    ("quotes-lost", "pt", "“We cannot wait,” she said.", "Não podemos esperar, disse ela.", NONE, 1),
    ("quotes-lost", "pt", "It's the fund’s plan.", "É o plano do fundo.", NONE, 0),
    # a quotation over two sentences leaves one mark in each segment, in the source as in the target
    ("quotes-lost", "pt", '"Communities are on the front line.', '"As comunidades estão na linha de frente.', NONE, 0),
    ("quotes-lost", "pt", 'They cannot wait," she said.', 'Eles não podem esperar", disse ela.', NONE, 0),
    ("quotes-lost", "pt", "They cannot wait, she said.", 'Eles não podem esperar", disse ela.', NONE, 1),
    ("quotes-lost", "es", "“We cannot wait,” she said.", "«No podemos esperar», dijo.", NONE, 0),
    ("quotes-lost", "es", "“We cannot wait,” she said.", "No podemos esperar, dijo.", NONE, 1),
    ("quotes-lost", "fr", "“We cannot wait,” she said.", "« Nous ne pouvons pas attendre », a-t-elle dit.", NONE, 0),
    ("quotes-lost", "fr", "“We cannot wait,” she said.", "« Nous ne pouvons pas attendre, a-t-elle dit.", NONE, 2),
    ("quotes-lost", "ar", "“We cannot wait,” she said.", "قالت: «لا يمكننا الانتظار».", NONE, 0),
    ("quotes-lost", "ar", "“We cannot wait,” she said.", "قالت لا يمكننا الانتظار.", NONE, 1),
    ("quote-style", "pt", "“We cannot wait.”", "«Não podemos esperar.»", NONE, 0),
    ("quote-style", "es", "“We cannot wait.”", '"No podemos esperar."', NONE, 0),
    ("quote-style", "fr", "“We cannot wait.”", '"Nous ne pouvons pas attendre."', NONE, 1),
    ("quote-style", "fr", "“We cannot wait.”", "« Nous ne pouvons pas attendre. »", NONE, 0),
    ("quote-style", "ar", "“We cannot wait.”", "„لا يمكننا الانتظار“", NONE, 1),
    ("brackets-mismatch", "pt", "The report (in English) is out.", "O relatório (em inglês) saiu.", NONE, 0),
    ("brackets-mismatch", "pt", "The report (in English) is out.", "O relatório em inglês saiu.", NONE, 1),
    ("brackets-mismatch", "es", "The report (in English) is out.", "El informe (en inglés salió.", NONE, 1),
    ("brackets-mismatch", "fr", "The report (in English) is out.", "Le rapport (en anglais) est paru.", NONE, 0),
    ("brackets-mismatch", "ar", "The report (in English) is out.", "صدر التقرير باللغة الإنجليزية.", NONE, 1),
    ("brackets-mismatch", "ar", "The report (in English) is out.", "صدر التقرير (باللغة الإنجليزية).", NONE, 0),
    # ---- language variety
    ("variety-mismatch", "pt", "The summit in Lisbon.", "A cimeira de Lisboa.", NONE, 1),
    ("variety-mismatch", "pt", "The summit in Lisbon.", "A cúpula de Lisboa.", NONE, 0),
    ("variety-mismatch", "pt", "The fund's activities.", "As actividades do fundo.", NONE, 1),
    ("variety-mismatch", "pt", "Contact: press office.", "Contacto: gabinete de imprensa.", NONE, 1),
    ("variety-mismatch", "pt", "The team and the facts.", "A equipa e os factos.", NONE, 2),
    ("variety-mismatch", "pt-PT", "The team.", "A equipe.", NONE, 1),
    ("variety-mismatch", "pt", "The team.", "A equipe.", {"qe": PT_PT}, 1),
    ("variety-mismatch", "pt-PT", "He was wearing a suit.", "Ele usava um fato.", NONE, 0),
    ("variety-mismatch", "pt", "Teams are distributing water.", "As equipes estão a distribuir água.", NONE, 1),
    ("variety-mismatch", "pt", "Teams are distributing water.", "As equipes estão distribuindo água.", NONE, 0),
    ("variety-mismatch", "pt-PT", "Teams are distributing water.", "As equipas estão a distribuir água.", NONE, 0),
    ("variety-mismatch", "pt", "It started to rain.", "Começou a chover.", NONE, 0),
    ("variety-mismatch", "pt", "Planners were affected.", "Os planeadores foram afectados.", NONE, 1),
    ("variety-mismatch", "pt", "The road is 5 km long.", "A estrada tem 5 quilómetros.", NONE, 1),
    ("variety-mismatch", "pt", "The road is 5 km long.", "A estrada tem 5 quilômetros.", NONE, 0),
    ("variety-mismatch", "es", "A new computer.", "Un ordenador nuevo.", {"qe": ES_419}, 1),
    ("variety-mismatch", "es", "A new computer.", "Una computadora nueva.", {"qe": ES_419}, 0),
    ("variety-mismatch", "es", "A new computer.", "Un ordenador nuevo.", NONE, 0),  # no variety configured
    ("variety-mismatch", "fr", "The summit.", "Le sommet.", NONE, 0),
    ("variety-mismatch", "ar", "The summit.", "القمة.", NONE, 0),
    # ---- known engine artefacts
    ("engine-artefact", "pt", "Mr Alves chairs the board.", "O senhor deputado Alves preside o conselho.", NONE, 1),
    ("engine-artefact", "pt", "Mr Alves chairs the board.", "O Sr. Alves preside o conselho.", NONE, 0),
    ("engine-artefact", "pt", "The Member of Parliament spoke.", "O senhor deputado falou.", NONE, 0),
    ("engine-artefact", "pt", "The appeal has raised 40%.", "O recurso arrecadou 40%.", NONE, 1),
    ("engine-artefact", "pt", "The appeal has raised 40%.", "O apelo arrecadou 40%.", NONE, 0),
    ("engine-artefact", "pt", "In English, it is “Rising Together”.", "O inglês, é “Rising Together”.", NONE, 1),
    ("engine-artefact", "pt", "It costs about $2.5 million.", "Custa cerca de US $ 2,5 milhões.", NONE, 1),
    ("engine-artefact", "pt", "It costs about $2.5 million.", "Custa cerca de US$ 2,5 milhões.", NONE, 0),
    ("engine-artefact", "es", "Mr Alves chairs the board.", "El señor diputado Alves preside la junta.", NONE, 1),
    ("engine-artefact", "es", "Mr Alves chairs the board.", "El Sr. Alves preside la junta.", NONE, 0),
    ("engine-artefact", "fr", "Mr Alves chairs the board.", "Monsieur le député Alves préside le conseil.", NONE, 1),
    ("engine-artefact", "fr", "Mr Alves chairs the board.", "M. Alves préside le conseil.", NONE, 0),
    ("engine-artefact", "ar", "Mr Alves chairs the board.", "يرأس السيد النائب ألفيس المجلس.", NONE, 1),
    ("engine-artefact", "ar", "Mr Alves chairs the board.", "يرأس السيد ألفيس المجلس.", NONE, 0),
    # ---- words and acronyms left in English
    ("untranslated-word", "pt", "A new contact centre opens.", "Um novo contact center abre.", NONE, 1),
    ("untranslated-word", "pt", "Families received hygiene kits.", "As famílias receberam kits de higiene.", NONE, 0),
    ("untranslated-word", "pt", "Tidewatch sends alerts.", "Tidewatch envia alertas.", NONE, 0),
    ("untranslated-word", "es", "The drills start today.", "Los drills empiezan hoy.", NONE, 1),
    ("untranslated-word", "es", "The local drills start today.", "Los simulacros local empiezan hoy.", NONE, 0),
    ("untranslated-word", "fr", "The workshops start today.", "Les workshops commencent aujourd'hui.", NONE, 1),
    # a word the target's own dictionary has is a word of it too (fr "drill", the baboon; pt "extra", "chance")
    ("untranslated-word", "fr", "The drills start today.", "Les drills commencent aujourd'hui.", NONE, 0),
    ("untranslated-word", "pt", "They get no extra support.", "Eles não recebem apoio extra.", NONE, 0),
    ("untranslated-word", "pt", "They would leave given the chance.", "Eles sairiam se tivessem a chance.", NONE, 0),
    ("untranslated-word", "pt", "Wells held E. coli.", "Os poços tinham E. coli.", NONE, 0),
    ("untranslated-word", "fr", "The village is safe.", "Le village est sûr.", NONE, 0),
    ("untranslated-word", "ar", "The drills start today.", "تبدأ drills اليوم.", NONE, 1),
    ("untranslated-word", "ar", "The drills start today.", "تبدأ التدريبات اليوم.", NONE, 0),
    ("acronym-untranslated", "pt", "The SDG report is out.", "O relatório SDG saiu.", NONE, 1),
    ("acronym-untranslated", "pt", "The SDG report is out.", "O relatório dos ODS saiu.", NONE, 0),
    ("acronym-untranslated", "pt", "The GCRF report is out.", "O relatório do GCRF saiu.", NONE, 0),
    ("acronym-untranslated", "pt", "The DG will visit Fiji.", "A DG visitará Fiji.", NONE, 1),
    ("acronym-untranslated", "es", "The SDG report is out.", "El informe SDG salió.", NONE, 1),
    ("acronym-untranslated", "es", "The SDG report is out.", "El informe de los ODS salió.", NONE, 0),
    ("acronym-untranslated", "fr", "The SDG report is out.", "Le rapport SDG est paru.", NONE, 1),
    ("acronym-untranslated", "fr", "The SDG report is out.", "Le rapport sur les ODD est paru.", NONE, 0),
    ("acronym-untranslated", "ar", "The SDG report is out.", "صدر تقرير SDG.", NONE, 1),
    ("acronym-untranslated", "ar", "The SDG report is out.", "صدر تقرير أهداف التنمية المستدامة.", NONE, 0),
    # word-sense traps and false friends (checks/data/senses.json)
    ("word-sense", "pt", "Ten sessions were held.", "Dez sessões foram detidas.", NONE, 1),
    ("word-sense", "pt", "Ten sessions were held.", "Dez sessões foram realizadas.", NONE, 0),
    ("word-sense", "pt", "Two men were held by police.", "Dois homens foram detidos pela polícia.", NONE, 0),
    ("word-sense", "pt", "The deputy director spoke.", "O deputado diretor falou.", NONE, 1),
    ("word-sense", "pt", "The deputy director spoke.", "O vice-diretor falou.", NONE, 0),
    ("word-sense", "pt", "Schools held evacuation drills.", "As escolas realizaram exercícios escolares.", NONE, 1),
    ("word-sense", "pt", "Villages are cut off by floods.", "As aldeias são cortadas pelas cheias.", NONE, 1),
    ("word-sense", "pt", "Villages are cut off by floods.", "As aldeias estão isoladas pelas cheias.", NONE, 0),
    ("word-sense", "pt", "A storm surge hit Beira.", "Uma tempestade atingiu a Beira.", NONE, 1),
    ("word-sense", "pt", "A storm surge hit Beira.", "Uma maré de tempestade atingiu a Beira.", NONE, 0),
    ("word-sense", "pt", "Forty people attended the meeting.", "Quarenta pessoas foram atendidas.", NONE, 1),
    ("word-sense", "es", "The deputy director spoke.", "El diputado director habló.", NONE, 1),
    ("word-sense", "es", "The deputy director spoke.", "El subdirector habló.", NONE, 0),
    ("word-sense", "es", "The meeting was held in Quito.", "La reunión fue detenida en Quito.", NONE, 1),
    ("word-sense", "fr", "Actually, the plan works.", "Actuellement, le plan fonctionne.", NONE, 1),
    ("word-sense", "fr", "Actually, the plan works.", "En fait, le plan fonctionne.", NONE, 0),
    ("word-sense", "fr", "The board met.", "La planche s'est réunie.", NONE, 1),
    ("word-sense", "ar", "The board met.", "اجتمع اللوح.", NONE, 1),
    ("word-sense", "ar", "The board met.", "اجتمع المجلس.", NONE, 0),
    # programme names kept whole or translated whole, never half (the pattern of real bergamot output
    # 'A Iniciativa Coastal Horizons'; that name is a keep-term of gcrf.csv, so the cases use another)
    (
        "name-half-translated",
        "pt",
        "The Blue Shores Initiative trains engineers.",
        "A Iniciativa Blue Shores treina engenheiros.",
        NONE,
        1,
    ),
    (
        "name-half-translated",
        "pt",
        "The Blue Shores Initiative trains engineers.",
        "A Blue Shores Initiative treina engenheiros.",
        NONE,
        0,
    ),
    (
        "name-half-translated",
        "pt",
        "The Global Coastal Resilience Fund met.",
        "O Fundo Global de Resiliência Costeira reuniu-se.",
        NONE,
        0,
    ),
    ("name-half-translated", "pt", "Cyclone Idai hit Beira.", "O ciclone Idai atingiu a Beira.", NONE, 0),
    (
        "name-half-translated",
        "es",
        "The Blue Shores Initiative trains engineers.",
        "La Iniciativa Blue Shores forma ingenieros.",
        NONE,
        1,
    ),
    (
        "name-half-translated",
        "es",
        "The Blue Shores Initiative trains engineers.",
        "La Iniciativa Horizontes Costeros forma ingenieros.",
        NONE,
        0,
    ),
    (
        "name-half-translated",
        "fr",
        "The Blue Shores Fund trains engineers.",
        "Le Fonds Blue Shores forme des ingénieurs.",
        NONE,
        1,
    ),
    (
        "name-half-translated",
        "fr",
        "The Blue Shores Fund trains engineers.",
        "Le Blue Shores Fund forme des ingénieurs.",
        NONE,
        0,
    ),
    (
        "name-half-translated",
        "ar",
        "The Blue Shores Initiative trains engineers.",
        "تدرب مبادرة Blue Shores المهندسين.",
        NONE,
        1,
    ),
    (
        "name-half-translated",
        "ar",
        "The Blue Shores Initiative trains engineers.",
        "تدرب مبادرة الآفاق الساحلية المهندسين.",
        NONE,
        0,
    ),
    # ---- grammar broken in recognisable ways
    (
        "english-word-order",
        "pt",
        "GCRF teams are distributing water.",
        "GCRF as equipes estão distribuindo água.",
        NONE,
        1,
    ),
    ("english-word-order", "pt", "GCRF teams are distributing water.", "As equipes do GCRF distribuem água.", NONE, 0),
    ("english-word-order", "pt", "The GCRF deputy director spoke.", "O GCRF vice-diretor falou.", NONE, 1),
    ("english-word-order", "pt", "The GCRF registry lists sites.", "O registro GCRF de perigos lista locais.", NONE, 1),
    ("english-word-order", "pt", "The GCRF does not take sides.", "O GCRF não toma partido.", NONE, 0),
    ("english-word-order", "es", "GCRF teams are distributing water.", "GCRF los equipos distribuyen agua.", NONE, 1),
    (
        "english-word-order",
        "es",
        "GCRF teams are distributing water.",
        "Los equipos del GCRF distribuyen agua.",
        NONE,
        0,
    ),
    ("english-word-order", "fr", "The GCRF director spoke.", "Le GCRF directeur a parlé.", NONE, 1),
    ("english-word-order", "fr", "The GCRF director spoke.", "Le directeur du GCRF a parlé.", NONE, 0),
    ("english-word-order", "ar", "The GCRF director spoke.", "تحدث مدير GCRF.", NONE, 0),
    # noun phrase before the acronym, or a name before its noun (real bergamot output, bench/data/qe_set.json)
    ("english-word-order", "pt", "Contact the GCRF press team.", "Contate a equipe de imprensa GCRF.", NONE, 1),
    ("english-word-order", "pt", "Contact the GCRF press team.", "Contate a equipe de imprensa do GCRF.", NONE, 0),
    ("english-word-order", "pt", "Media contact: GCRF office.", "Contato: GCRF escritório de comunicações.", NONE, 1),
    ("english-word-order", "pt", "Tidewatch data show a rise.", "Tidewatch dados mostram uma subida.", NONE, 1),
    ("english-word-order", "pt", "Tidewatch data show a rise.", "Os dados do Tidewatch mostram uma subida.", NONE, 0),
    ("english-word-order", "pt", "The SDG report.", "O relatório dos ODS.", NONE, 0),
    ("english-word-order", "pt", "It cost $5 million.", "Custou US$ 5 milhões.", NONE, 0),
    ("english-word-order", "pt", "A team of engineers.", "Uma equipe de engenheiros.", NONE, 0),
    ("english-word-order", "es", "Contact the GCRF press team.", "Contacte al equipo de prensa GCRF.", NONE, 1),
    ("english-word-order", "es", "Contact the GCRF press team.", "Contacte al equipo de prensa del GCRF.", NONE, 0),
    ("english-word-order", "fr", "Contact the GCRF press office.", "Contactez le bureau de presse GCRF.", NONE, 1),
    ("english-word-order", "fr", "Contact the GCRF press office.", "Contactez le bureau de presse du GCRF.", NONE, 0),
    ("english-word-order", "ar", "Contact the GCRF press office.", "اتصلوا بالمكتب الصحفي GCRF.", NONE, 0),
    ("article-dropped", "pt", "Member States agreed to meet.", "Estados-Membros concordaram em se reunir.", NONE, 1),
    ("article-dropped", "pt", "Member States agreed to meet.", "Os Estados-Membros concordaram em se reunir.", NONE, 0),
    ("article-dropped", "es", "Member States agreed to meet.", "Estados Miembros acordaron reunirse.", NONE, 1),
    ("article-dropped", "es", "Member States agreed to meet.", "Los Estados Miembros acordaron reunirse.", NONE, 0),
    ("article-dropped", "fr", "Member States agreed to meet.", "États membres ont convenu de se réunir.", NONE, 1),
    ("article-dropped", "fr", "Member States agreed to meet.", "Les États membres ont convenu de se réunir.", NONE, 0),
    ("article-dropped", "ar", "Member States agreed to meet.", "الدول الأعضاء اتفقت على الاجتماع.", NONE, 0),
    ("agreement", "pt", "Member States agreed to meet.", "Estados-Membros concordou em se reunir.", NONE, 1),
    ("agreement", "pt", "Member States agreed to meet.", "Os Estados-Membros concordaram em se reunir.", NONE, 0),
    ("agreement", "pt", "Displaced people will get grants.", "As pessoas deslocadas receberá subsídios.", NONE, 1),
    ("agreement", "es", "Member States agreed to meet.", "Los Estados Miembros acordó reunirse.", NONE, 1),
    ("agreement", "es", "Member States agreed to meet.", "Los Estados Miembros acordaron reunirse.", NONE, 0),
    ("agreement", "fr", "Member States have decided.", "Les États membres a décidé.", NONE, 1),
    ("agreement", "fr", "Member States have decided.", "Les États membres ont décidé.", NONE, 0),
    ("agreement", "ar", "Member States have decided.", "قررت الدول الأعضاء.", NONE, 0),
    # participle gender
    ("agreement", "pt", "The team was trained.", "A equipe foi treinado.", NONE, 1),
    ("agreement", "pt", "The team was trained.", "A equipe foi treinada.", NONE, 0),
    ("agreement", "pt", "The report was published.", "O relatório foi publicada.", NONE, 1),
    ("agreement", "es", "The report was published.", "El informe fue publicada.", NONE, 1),
    ("agreement", "es", "The report was published.", "El informe fue publicado.", NONE, 0),
    ("agreement", "fr", "The mission has arrived.", "La mission est arrivé.", NONE, 1),
    ("agreement", "fr", "The mission has arrived.", "La mission est arrivée.", NONE, 0),
    ("agreement", "ar", "The report was published.", "نُشر التقرير.", NONE, 0),
    # ---- omissions and additions
    ("omission", "pt", "Ms Rahman briefed the press.", "Rahman informou a imprensa.", NONE, 1),
    ("omission", "pt", "Ms Rahman briefed the press.", "A Sra. Rahman informou a imprensa.", NONE, 0),
    ("omission", "es", "Dr Chen presented the maps.", "Chen presentó los mapas.", NONE, 1),
    ("omission", "es", "Dr Chen presented the maps.", "El Dr. Chen presentó los mapas.", NONE, 0),
    ("omission", "fr", "Ms Rahman briefed the press.", "Rahman a informé la presse.", NONE, 1),
    ("omission", "fr", "Ms Rahman briefed the press.", "Mme Rahman a informé la presse.", NONE, 0),
    ("omission", "ar", "Ms Rahman briefed the press.", "أطلعت رحمن الصحافة.", NONE, 1),
    ("omission", "ar", "Ms Rahman briefed the press.", "أطلعت السيدة رحمن الصحافة.", NONE, 0),
    (
        "omission",
        "pt",
        "Engineers inspected the dykes, the pumps, the shelters and the evacuation routes around the delta.",
        "Engenheiros inspecionaram diques.",
        NONE,
        1,
    ),
    (
        "addition",
        "es",
        "Engineers inspected the dykes.",
        "Los ingenieros inspeccionaron los diques, las bombas, los refugios, las rutas y los puentes del delta.",
        NONE,
        0,  # a source this short is not judged by counting
    ),
    (
        "addition",
        "fr",
        "The engineers inspected the dykes and the pumps near the delta.",
        "Les ingénieurs ont inspecté les digues, les pompes, les abris, les routes, les ponts, les écoles, les "
        "marchés, les hôpitaux et les ports autour du delta hier matin.",
        NONE,
        1,
    ),
    (
        "addition",
        "ar",
        "The engineers inspected the dykes and the pumps near the delta.",
        "فحص المهندسون السدود والمضخات قرب الدلتا.",
        NONE,
        0,
    ),
    (
        "addition",
        "pt",
        "The engineers inspected the dykes and the pumps near the delta.",
        "Os engenheiros inspecionaram os diques e as bombas perto do delta.",
        NONE,
        0,
    ),
    # ---- round trip (the back-translation is English whatever the target language)
    ("roundtrip-divergent", "pt", TEN, "As sessões de treinamento já foram realizadas.", BACK_LOST, 1),
    ("roundtrip-divergent", "pt", TEN, "Dez sessões de treinamento já foram realizadas.", BACK_OK, 0),
    ("roundtrip-divergent", "pt", TEN, "Dez sessões de treinamento já foram realizadas.", NONE, 0),  # no engine
    ("roundtrip-divergent", "es", TEN, "Ya se celebraron sesiones de formación.", BACK_LOST, 1),
    ("roundtrip-divergent", "es", TEN, "Ya se celebraron diez sesiones.", BACK_OK, 0),
    ("roundtrip-divergent", "fr", TEN, "Des séances ont déjà eu lieu.", {"back_translation": "Meetings happened."}, 1),
    ("roundtrip-divergent", "fr", TEN, "Dix séances ont déjà eu lieu.", BACK_OK, 0),
    ("roundtrip-divergent", "ar", TEN, "عقدت جلسات تدريبية.", BACK_LOST, 1),
    ("roundtrip-divergent", "ar", TEN, "عقدت عشر جلسات تدريبية.", BACK_OK, 0),
    # ---- model confidence (thresholds per engine)
    ("low-confidence", "pt", TEN, "Dez sessões.", {"confidence": -2.1, "engine": "argos"}, 1),
    ("low-confidence", "pt", TEN, "Dez sessões.", {"confidence": -0.3, "engine": "argos"}, 0),
    ("low-confidence", "es", TEN, "Diez sesiones.", {"confidence": -2.1, "engine": "bergamot"}, 0),  # no threshold
    ("low-confidence", "fr", TEN, "Dix séances.", {"confidence": -1.5, "engine": "argos"}, 1),
    ("low-confidence", "ar", TEN, "عشر جلسات.", {"confidence": None, "engine": "argos"}, 0),
    (
        "low-confidence",
        "ar",
        TEN,
        "عشر جلسات.",
        {
            "confidence": -0.8,
            "engine": "argos",
            "model": "argos/en_ar",
            "qe": qe_config_from_table({"confidence": {"argos/en_ar": -0.5}}),
        },
        1,
    ),
]


@pytest.mark.parametrize(("check_id", "lang", "source", "target", "extra", "count"), CASES)
def test_qe_check(check_id, lang, source, target, extra, count, glossary):
    messages = run_one(check_id, lang, source, target, extra, glossary)
    assert len(messages) == count, messages


def test_every_new_check_has_cases_in_four_languages():
    new = {c[0] for c in CASES}
    for check_id in new:
        assert {c[1].split("-")[0] for c in CASES if c[0] == check_id} == {"pt", "es", "fr", "ar"}, check_id
        assert {c[5] > 0 for c in CASES if c[0] == check_id} == {True, False}, check_id


def test_needs_a_human_is_a_warning_and_critical_stays_for_numbers():
    qe_ids = {c[0] for c in CASES} - {"number-mismatch", "quote-style"}
    assert {REGISTRY[i].severity for i in qe_ids} == {Severity.WARNING}
    assert REGISTRY["number-mismatch"].severity is Severity.CRITICAL
    assert REGISTRY["quote-style"].severity is Severity.INFO


def test_bare_domains_are_not_words_left_in_english():
    from transpub.checks.artefacts import untranslated_words

    assert untranslated_words("Learn more at gcrf.example.org.", "Saiba mais em gcrf.example.org.", "pt") == []
    assert untranslated_words("Query the endpoint.", "Consulte o endpoint.", "pt") == ["endpoint"]


def test_linguistic_checks_are_not_run_on_pseudo_translations(glossary):
    from transpub.checks.ids import NOT_FOR_PSEUDO, CheckId

    assert CheckId.NUMBER_MISMATCH not in NOT_FOR_PSEUDO and CheckId.CODE_LOST not in NOT_FOR_PSEUDO
    assert CheckId.AGREEMENT in NOT_FOR_PSEUDO and CheckId.ROUNDTRIP_DIVERGENT in NOT_FOR_PSEUDO


def test_number_words_by_value():
    assert number_words_in("Ten sessions and a third", "en") == number_words_in("Dez sessões e um terço", "pt")
    assert values_in("almost 200 people", "en") == values_in("quase duzentas pessoas", "pt")
    assert number_words_in("a meeting in one city", "en") == []  # "one"/"a" are articles as often as numbers
    assert values_in("Hundreds of homes", "en") == values_in("Centenas de casas", "pt")


def test_the_back_translation_is_shown_in_the_message(glossary):
    messages = run_one("roundtrip-divergent", "pt", TEN, "As sessões…", BACK_LOST, glossary)
    assert BACK_LOST["back_translation"] in messages[0] and "10" in messages[0]


class ReverseEngine:
    """A fake engine that records its calls: reverse translation is uppercasing, scores are fixed."""

    name = "fake"

    def __init__(self) -> None:
        self.calls: list[tuple[tuple[str, ...], str, str]] = []

    def supports(self, source: str, target: str) -> bool:
        return True

    def model_id(self, source: str, target: str) -> str:
        return f"fake/{source}-{target}"

    def translate_batch(self, texts, source, target):
        self.calls.append((tuple(texts), source, target))
        return [t.upper() for t in texts]

    def score_batch(self, sources, targets, source, target):
        self.calls.append((tuple(targets), "score", target))
        return [-0.5 for _ in targets]

    def close(self) -> None:
        pass


def test_qe_inputs_one_batched_reverse_call_per_language():
    engine = ReverseEngine()
    batch = qe_inputs(engine, ["a", "b", "c"], ["x", "y", "x"], source="en", target="pt")
    assert engine.calls == [(("x", "y"), "pt", "en"), (("x", "y", "x"), "score", "pt")]
    assert [i.back_translation for i in batch.inputs] == ["X", "Y", "X"]
    assert [i.confidence for i in batch.inputs] == [-0.5] * 3
    ctx = with_qe(CheckContext(source=EN, target=parse_language("pt")), batch, 1)
    assert (ctx.back_translation, ctx.engine, ctx.model) == ("Y", "fake", "fake/en-pt")


def test_run_checks_on_real_engine_output(glossary):
    """q08-gloss of the QE set: English word order after glossary restoration."""
    pt = parse_language("pt")
    seg = Segment("q08", "GCRF teams are distributing water, food and blankets in three provinces.")
    ctx = CheckContext(source=EN, target=pt, matches=glossary.find(seg.source), glossary=glossary)
    flags = run_checks(seg, "GCRF as equipes estão distribuindo água, comida e cobertores em três províncias.", ctx)
    assert [f.code for f in flags] == ["english-word-order"]


def test_config_table():
    assert qe_config_from_table({}) == QeConfig(
        DEFAULT_QE.variety, DEFAULT_QE.roundtrip, DEFAULT_QE.confidence, DEFAULT_QE.artefacts
    )
    cfg = qe_config_from_table(
        {"roundtrip": {"argos": {"chrf": 55, "coverage": 0.6}}, "artefacts": {"pt": [{"target": "x", "message": "m"}]}}
    )
    assert cfg.roundtrip_for("argos").chrf == 55 and len(cfg.artefacts_for("pt-BR")) == 1
    with pytest.raises(ConfigError):
        qe_config_from_table({"thresholds": 1})
    with pytest.raises(ConfigError):
        qe_config_from_table({"confidence": {"argos": "low"}})


def test_translate_run_back_translates_in_one_batch_when_asked():
    from transpub.translate.run import translate_segments

    segments = [Segment("s1", "Ten sessions were held."), Segment("s2", "The summit ended.")]
    pt = parse_language("pt")
    plain = ReverseEngine()
    run = translate_segments(segments, source=EN, target=pt, engine=plain)
    assert [c[1:] for c in plain.calls] == [("en", "pt")]  # no QE unless asked
    assert all(t.back_translation is None for t in run.translations.values())

    engine = ReverseEngine()
    run = translate_segments(segments, source=EN, target=pt, engine=engine, qe=QeConfig(estimate=True))
    reverse = [c for c in engine.calls if c[1:] == ("pt", "en")]
    assert len(reverse) == 1 and len(reverse[0][0]) == 2  # one batched reverse call for the language
    t = run.for_segment(segments[0])
    assert t.back_translation == "TEN SESSIONS WERE HELD."
    assert "roundtrip-divergent" in [f.code for f in t.flags]  # upper case reads far from the source (chrF)


def test_reviewers_see_the_flag_message_and_the_back_translation():
    from transpub.publish.report import SegmentReport
    from transpub.review.export import notes_for
    from transpub.review.segment_html import _flags_html

    flag = REGISTRY["roundtrip-divergent"]
    seg = SegmentReport(
        "b1.s1",
        "body",
        "Ten sessions were held.",
        "As sessões foram realizadas.",
        Origin.MT,
        flag(
            Segment("b1.s1", "Ten sessions were held."),
            "As sessões foram realizadas.",
            CheckContext(
                source=EN, target=parse_language("pt"), back_translation="The sessions were held.", engine="bergamot"
            ),
        ),
        back_translation="The sessions were held.",
    )
    notes = {n.category: n.text for n in notes_for(seg)}
    assert "roundtrip-divergent" in notes["flag"] and "number 10 lost" in notes["flag"]
    assert notes["back-translation"] == "The sessions were held."
    html = _flags_html(seg)
    assert "number 10 lost" in html and 'class="back-translation"' in html and "The sessions were held." in html
