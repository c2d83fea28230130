"""The round-trip comparison (word keys, coverage, the words a back-translation lacks), the omission check's use of
it, and the calibration rule of bench/qe.py, table-driven. Sources and back-translations are real bergamot output
from bench/data/qe_set.json, qe_blind.json and qe_blind2.json (calibration data) where there is one."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from bench import qe as bench

from transpub.checks import REGISTRY, CheckContext
from transpub.checks.qeconfig import DEFAULT_QE, RoundTrip, qe_config_from_table
from transpub.checks.roundtrip import compare, divergence
from transpub.checks.wordmatch import key
from transpub.document import Segment
from transpub.languages import parse_language
from transpub.text.tagged import escape

EN = parse_language("en")

SAME_KEY = [
    ("roads", "road", True),  # plural
    ("rising", "rise", True),  # -ing, final e
    ("planned", "plans", True),  # doubled consonant
    ("studied", "study", True),  # -ied
    ("persons", "people", True),  # irregular plural (inflect)
    ("centimetres", "centimeters", True),  # British spelling
    ("harbour", "harbor", True),
    ("metre", "meter", True),
    ("households", "families", False),  # synonyms are not joined
    ("fund's", "fund", True),  # possessive
    ("volunteered", "volunteers", True),  # first five letters
    ("hydrologists", "quietologists", False),  # a non-word in the back-translation
    ("drinking", "water", False),
    ("summit", "dome", False),
    ("pumps", "bombs", False),
]


@pytest.mark.parametrize(("a", "b", "same"), SAME_KEY)
def test_word_keys(a, b, same):
    assert (key(a) == key(b)) is same


COMPARE = [
    # (source, back-translation, words the back-translation lacks, coverage)
    (
        "Residents were asked to boil drinking water until further notice.",
        "The residents were invited to boil water until further notice.",
        ("asked", "drinking"),
        0.67,
    ),
    (
        "A twelve-member team of hydrologists arrived in Dhaka on Sunday.",
        "A team of twelve-member quietologists arrived in Dhaka on Sunday.",
        ("hydrologists",),
        0.83,
    ),
    (
        "Climate resilience must be built into every new road and bridge, the report says.",
        "Climate resilience should be built on all new roads and bridges, the report says.",
        (),
        1.0,
    ),
    (
        "Nearly 40 per cent of the households surveyed had no savings to fall back on.",
        "Almost 40% of the families surveyed had no savings to retreat.",
        ("households", "fall", "back"),
        0.5,
    ),
    (
        "Over the past decade, sea levels in the bay have risen by 12 centimetres.",
        "Over the last decade, sea level in the bay has increased by 12 centimeters.",
        ("past", "risen"),
        0.71,
    ),
    (
        "Mr Ruiz opened the exhibition on sea-level rise.",
        "Mr. Ruiz opened the exhibition on rising sea level.",
        (),
        1.0,
    ),
]


@pytest.mark.parametrize(("source", "back", "lacks", "coverage"), COMPARE)
def test_compare_names_what_the_back_translation_lacks(source, back, lacks, coverage):
    score = compare(source, back)
    assert score.missing_words == lacks
    assert round(score.coverage, 2) == coverage


LIMITS = RoundTrip(chrf=60.0, coverage=0.75)
DIVERGENCE = [
    # (source, back-translation, reasons flagged under LIMITS)
    ("The storm knocked out power for three days.", "The storm knocked out power for three days.", []),
    (
        "Ms Ahmed, a nurse from Sylhet, has volunteered with the fund since 2019.",
        "Sylhet's nurse Mrs. Ahmed has been offering her background since 2019.",
        ["chrF 40 below 60", "50% of the content words, below 75%"],
    ),
    ("Ten sessions were held in Beira.", "The sessions were held in Beira.", ["number 10 lost"]),
    ("The team met Ms Haddad in Maputo.", "The team met Ms Haddad in the capital.", ["name Maputo lost"]),
]


@pytest.mark.parametrize(("source", "back", "reasons"), DIVERGENCE)
def test_divergence_reasons(source, back, reasons):
    assert divergence(compare(source, back), LIMITS) == reasons


HYDRO = "A twelve-member team of hydrologists arrived in Dhaka on Sunday."
HYDRO_BACK = "A team of twelve-member quietologists arrived in Dhaka on Sunday."
STRICT = qe_config_from_table({"roundtrip": {"x": {"chrf": 90, "coverage": 0.9}}})
# (language, target, back-translation, flags): the back-translation is English whatever the target language.
ROUNDTRIP = [
    ("pt", "Uma equipe de doze sossegologistas chegou a Dhaka no domingo.", HYDRO_BACK, 1),
    ("pt", "Uma equipe de doze hidrólogos chegou a Dhaka no domingo.", HYDRO, 0),
    ("es", "Un equipo de doce sosególogos llegó a Dhaka el domingo.", HYDRO_BACK, 1),
    ("es", "Un equipo de doce hidrólogos llegó a Dhaka el domingo.", HYDRO, 0),
    ("fr", "Une équipe de douze quiétologues est arrivée à Dhaka dimanche.", HYDRO_BACK, 1),
    ("fr", "Une équipe de douze hydrologues est arrivée à Dhaka dimanche.", HYDRO, 0),
    ("ar", "وصل فريق من اثني عشر خبيرا إلى دكا يوم الأحد.", HYDRO_BACK, 1),
    ("ar", "وصل فريق من اثني عشر عالم هيدرولوجيا إلى دكا يوم الأحد.", HYDRO, 0),
]


@pytest.mark.parametrize(("lang", "target", "back", "count"), ROUNDTRIP)
def test_the_round_trip_message_names_the_lost_words(lang, target, back, count):
    ctx = CheckContext(source=EN, target=parse_language(lang), back_translation=back, engine="x", qe=STRICT)
    flags = REGISTRY["roundtrip-divergent"](Segment("s1", escape(HYDRO)), escape(target), ctx)
    assert len(flags) == count
    for flag in flags:
        assert "back-translation lacks: 'hydrologists'" in flag.message and back in flag.message


DROP = "Engineers inspected the dykes, the pumps and the evacuation routes near the delta on Monday."
DROP_BACK = "Engineers inspected the dikes on Monday."
# (language, target with most of the sentence left out, back-translation, the words the message must name)
OMISSION = [
    ("pt", "Os engenheiros inspecionaram os diques na segunda-feira.", DROP_BACK, ["'pumps'", "'evacuation'"]),
    ("es", "Los ingenieros inspeccionaron los diques el lunes.", DROP_BACK, ["'pumps'", "'routes'"]),
    ("fr", "Les ingénieurs ont inspecté les digues lundi.", DROP_BACK, ["'pumps'", "'delta'"]),
    ("ar", "فحص المهندسون السدود يوم الاثنين.", DROP_BACK, ["'pumps'", "'evacuation'"]),
    ("pt", "Os engenheiros inspecionaram os diques na segunda-feira.", None, []),  # no back-translation: no words
]


@pytest.mark.parametrize(("lang", "target", "back", "named"), OMISSION)
def test_the_omission_message_names_what_the_back_translation_lacks(lang, target, back, named):
    ctx = CheckContext(source=EN, target=parse_language(lang), back_translation=back)
    flags = REGISTRY["omission"](Segment("s1", escape(DROP)), escape(target), ctx)
    assert len(flags) == 1 and "something is left out" in flags[0].message
    assert all(word in flags[0].message for word in named)
    assert ("back-translation lacks" in flags[0].message) is bool(named)


@pytest.fixture(scope="module")
def calibration() -> list[bench.Item]:
    files = [json.loads(p.read_text(encoding="utf-8")) for p in bench.CALIBRATION]
    glossary = bench.load_glossaries([bench.GLOSSARY], source="en", targets=["pt"])
    return [i for data in files for i in bench.load_items(data, glossary)]


def test_the_calibration_rule_maximises_recall_within_the_budget(calibration):
    choice = bench.calibrate(calibration, 0.12)
    assert choice.false_rate <= 0.12
    others, scores = bench._inputs(calibration)
    for chrf in (40.0, choice.limits.chrf, 80.0):
        for coverage in (0.5, choice.limits.coverage, 0.9):
            limits = RoundTrip(chrf, coverage)
            flagged = [o or bool(divergence(s, limits)) for o, s in zip(others, scores, strict=True)]
            recall, false_rate, *_ = bench.rates(calibration, flagged)
            assert false_rate > 0.12 or recall <= choice.recall, limits
    # a tighter budget never buys more recall
    assert bench.calibrate(calibration, 0.05).recall <= choice.recall


def test_the_calibration_set_is_four_files_and_the_held_out_set_is_another():
    assert [p.name for p in bench.CALIBRATION] == ["qe_set.json", "qe_blind.json", "qe_blind2.json", "qe_blind3.json"]
    assert bench.HELD_OUT.name == "qe_blind4.json" and bench.HELD_OUT not in bench.CALIBRATION
    assert DEFAULT_QE.roundtrip_for("bergamot") != DEFAULT_QE.roundtrip_for(None)


def test_a_default_run_never_reads_the_held_out_set(tmp_path: Path, monkeypatch, capsys):
    opened: list[Path] = []
    real = Path.read_text

    def spy(self: Path, *args: Any, **kwargs: Any) -> str:
        opened.append(self)
        return real(self, *args, **kwargs)

    monkeypatch.setattr(Path, "read_text", spy)
    assert bench.main(["--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert bench.HELD_OUT not in opened and not any("blind4" in p.name for p in opened)
    assert not any(k.startswith("held_out") for k in report)
    assert report["segments"] == 433 and report["calibration"][-3]["check"] == "overall"
    assert {r["check"] for r in report["calibration"]} >= {"overall, glossary", "overall, no glossary"}
    # leave one file out: fit on the two others, measure on each file in turn
    names = [p.name for p in bench.CALIBRATION]
    assert [f["measured_on"] for f in report["cross_validation"]] == names
    assert [f["fit"] for f in report["cross_validation"]] == [[n for n in names if n != m] for m in names]
    assert set(bench.CALIBRATION) <= set(opened)
    # the fold measured on qe_blind2.json uses the rule's thresholds fitted on the other files only
    files = [json.loads(p.read_text(encoding="utf-8")) for p in bench.CALIBRATION]
    glossary = bench.load_glossaries([bench.GLOSSARY], source=files[0]["source"], targets=[files[0]["target"]])
    fit = [i for k, data in enumerate(files) if k != 2 for i in bench.load_items(data, glossary)]
    assert report["cross_validation"][2]["thresholds"] == vars(bench.calibrate(fit).limits)


def test_held_out_figures_come_only_with_the_flag(tmp_path: Path, monkeypatch, capsys):
    # a stand-in held-out file (three calibration segments), never the real one
    data = json.loads(bench.BLIND.read_text(encoding="utf-8"))
    data["segments"] = data["segments"][:3]
    stand_in = tmp_path / "held_out.json"
    stand_in.write_text(json.dumps(data), encoding="utf-8")
    monkeypatch.setattr(bench, "HELD_OUT", stand_in)
    assert bench.main(["--held-out"]) == 0
    out = capsys.readouterr().out
    assert "held-out (" in out and "3 segments" in out and "held-out misses:" in out
