"""QA checks, table-driven: (check, language, source, target, offending spans) in Portuguese, Spanish, French and
Arabic; an empty span list means the target passes."""

from __future__ import annotations

from pathlib import Path

import pytest

from transpub.checks import MALFORMED, REGISTRY, CheckContext, run_checks
from transpub.document import InlineCode, Segment, Severity
from transpub.glossary import load_glossaries
from transpub.languages import parse_language

REPO = Path(__file__).resolve().parents[1].parent
EN = parse_language("en")


@pytest.fixture(scope="module")
def glossary():
    return load_glossaries([REPO / "glossaries" / "gcrf.csv"], source="en", targets=["pt", "es", "fr", "ar"])


def spans(check_id: str, lang: str, source: str, target: str, glossary, codes=()) -> list[str | None]:
    segment = Segment("s1", source, tuple(codes))
    ctx = CheckContext(
        source=EN,
        target=parse_language(lang),
        matches=glossary.find(source, segment.codes),
        glossary=glossary,
    )
    flags = REGISTRY[check_id](segment, target, ctx)
    assert all(f.code == check_id and f.severity is REGISTRY[check_id].severity for f in flags)
    assert all(f.message for f in flags)
    return [f.span for f in flags]


CASES = [
    # ---- mandated term missing
    ("glossary-mandated-missing", "pt", "Member States agreed.", "Os Estados-Membros concordaram.", []),
    ("glossary-mandated-missing", "pt", "Member States agreed.", "Os países membros concordaram.", ["Estados-Membros"]),
    (
        "glossary-mandated-missing",
        "es",
        "Early warning systems work.",
        "Los sistemas de alerta temprana funcionan.",
        [],
    ),
    (
        "glossary-mandated-missing",
        "es",
        "An early warning system works.",
        "Un sistema de aviso funciona.",
        ["sistema de alerta temprana"],
    ),
    ("glossary-mandated-missing", "fr", "Climate resilience matters.", "La résilience climatique compte.", []),
    (
        "glossary-mandated-missing",
        "fr",
        "Climate resilience matters.",
        "La résilience au climat compte.",
        ["résilience climatique"],
    ),
    ("glossary-mandated-missing", "ar", "Member States met.", "اجتمعت الدول الأعضاء.", []),
    ("glossary-mandated-missing", "ar", "Member States met.", "اجتمعت البلدان.", ["الدول الأعضاء"]),
    # ---- keep-term altered
    ("glossary-keep-altered", "pt", "The GCRF and Tidewatch.", "O GCRF e o Tidewatch.", []),
    ("glossary-keep-altered", "pt", "The GCRF and Tidewatch.", "O FGRC e o Tidewatch.", ["GCRF"]),
    ("glossary-keep-altered", "es", "Amara Okafor spoke.", "Amara Okafor habló.", []),
    ("glossary-keep-altered", "es", "Amara Okafor spoke.", "Amara okafor habló.", ["Amara Okafor"]),
    ("glossary-keep-altered", "fr", "The GCRF's budget.", "Le budget du GCRF.", []),
    ("glossary-keep-altered", "fr", "GCRF and GCRF.", "Le GCRF.", ["GCRF"]),
    ("glossary-keep-altered", "ar", "Tidewatch data.", "بيانات Tidewatch.", []),
    ("glossary-keep-altered", "ar", "Tidewatch data.", "بيانات مراقبة المد.", ["Tidewatch"]),
    # ---- forbidden term
    ("glossary-forbidden", "pt", "People displaced by floods.", "Pessoas deslocadas por cheias.", []),
    ("glossary-forbidden", "pt", "Climate refugees.", "Refugiados climáticos.", ["refugiados climáticos"]),
    ("glossary-forbidden", "es", "People who fled.", "Los refugiados climáticos huyeron.", ["refugiados climáticos"]),
    ("glossary-forbidden", "fr", "Climate refugees.", "Personnes déplacées par le climat.", []),
    ("glossary-forbidden", "fr", "People who fled.", "Les réfugiés climatiques ont fui.", ["réfugiés climatiques"]),
    ("glossary-forbidden", "ar", "Climate refugees.", "لاجئو المناخ.", []),  # no Arabic forbidden word listed
    # ---- numbers, locale-aware
    ("number-mismatch", "pt", "More than 40,000 people in 2025.", "Mais de 40.000 pessoas em 2025.", []),
    ("number-mismatch", "pt", "More than 40,000 people.", "Mais de 40,000 pessoas.", ["40.000", "40"]),
    ("number-mismatch", "pt", "It rose 3.4 mm.", "Subiu 3,4 mm.", []),
    ("number-mismatch", "pt", "It rose 3.4 mm.", "Subiu 34 mm.", ["3,4", "34"]),
    ("number-mismatch", "es", "About 9,800 lives and 2.5 million people.", "Unas 9.800 vidas y 2,5 millones.", []),
    ("number-mismatch", "es", "About 9,800 lives.", "Unas 8.900 vidas.", ["9.800", "8.900"]),
    ("number-mismatch", "fr", "More than 40,000 people.", "Plus de 40 000 personnes.", []),
    ("number-mismatch", "fr", "More than 40,000 people.", "Plus de 40\u202f000 personnes.", []),
    ("number-mismatch", "fr", "It costs $85,000.", "Il coûte 85 000 $ et 12 $.", ["12"]),
    ("number-mismatch", "ar", "More than 40,000 people in 2025.", "أكثر من ٤٠٬٠٠٠ شخص في عام ٢٠٢٥.", []),
    ("number-mismatch", "ar", "More than 40,000 people in 2025.", "أكثر من 40,000 شخص في عام 2025.", []),
    ("number-mismatch", "ar", "Up 18%.", "ارتفاع ١٩٪.", ["18", "19"]),
    ("number-mismatch", "pt", "See https://x.org/2024/5 now.", "Veja https://x.org/2024/5 agora.", []),
    ("number-mismatch", "pt", "At 10:30 on COVID-19.", "Às 10h30 sobre a COVID-19.", []),
    # ---- URLs and e-mail addresses
    ("url-email-changed", "pt", "Mail press@gcrf.org.", "Escreva para press@gcrf.org.", []),
    ("url-email-changed", "pt", "Mail press@gcrf.org.", "Escreva para press-gcrf.org.", ["press@gcrf.org"]),
    ("url-email-changed", "es", "See https://gcrf.org/a.", "Ver https://gcrf.org/a.", []),
    ("url-email-changed", "fr", "See https://gcrf.org/a.", "Voir https: //gcrf. org/a.", ["https://gcrf.org/a"]),
    ("url-email-changed", "ar", "See https://gcrf.org/a.", "انظر https://gcrf.org/a.", []),
    # ---- placeholder leaked
    ("placeholder-leaked", "pt", "The GCRF acts.", "O GCRF age.", []),
    ("placeholder-leaked", "pt", "The GCRF acts.", "O [T1] age.", ["[T1]"]),
    ("placeholder-leaked", "es", "The GCRF acts.", "El XTERM1X actúa.", ["XTERM1X"]),
    ("placeholder-leaked", "fr", "Footnote [T1] stays.", "La note [T1] reste.", []),  # it was in the source
    ("placeholder-leaked", "ar", "The GCRF acts.", "يعمل [G2] GCRF.", ["[G2]"]),
    # ---- empty target
    ("empty-target", "pt", "Hello.", "Olá.", []),
    ("empty-target", "es", "Hello.", "   ", [None]),
    ("empty-target", "fr", "Hello.", "", [None]),
    ("empty-target", "ar", "Hello.", "مرحبا.", []),
    # ---- untranslated
    ("untranslated", "pt", "The fund acts.", "O fundo age.", []),
    ("untranslated", "pt", "The fund acts.", "The fund acts.", ["The fund acts."]),
    ("untranslated", "es", "GCRF", "GCRF", []),  # only a keep-term
    ("untranslated", "fr", "Tidewatch: https://t.org", "Tidewatch: https://t.org", []),
    ("untranslated", "ar", "Read more.", "Read more.", ["Read more."]),
    # ---- length ratio
    (
        "length-ratio",
        "pt",
        "The fund acts quickly in every region.",
        "O fundo age rapidamente em todas as regiões.",
        [],
    ),
    ("length-ratio", "pt", "The fund acts quickly in every region.", "Fundo.", ["0.16"]),
    ("length-ratio", "es", "Yes.", "Sí.", []),
    ("length-ratio", "fr", "The fund acts.", "Le fonds agit " + "vraiment " * 8 + ".", ["6.21"]),
    ("length-ratio", "ar", "The fund acts quickly in every region.", "يعمل الصندوق بسرعة في كل منطقة.", []),
    # ---- doubled words
    ("doubled-words", "pt", "The fund acts.", "O fundo fundo age.", ["fundo fundo"]),
    ("doubled-words", "pt", "The fund acts.", "O fundo age.", []),
    ("doubled-words", "es", "It is what it is.", "Es lo que es es.", ["es es"]),
    ("doubled-words", "fr", "We met.", "Nous nous sommes réunis.", []),  # grammatical in French
    ("doubled-words", "fr", "We met.", "Nous sommes sommes réunis.", ["sommes sommes"]),
    ("doubled-words", "ar", "The fund acts.", "يعمل الصندوق الصندوق.", ["الصندوق الصندوق"]),
    ("doubled-words", "pt", "It had had 20 20 votes.", "Tinha tido tido 20 20 votos.", ["tido tido"]),
]


@pytest.mark.parametrize(
    ("check_id", "lang", "source", "target", "expected"),
    CASES,
    ids=[f"{c[0]}-{c[1]}-{'fails' if c[4] else 'passes'}-{i}" for i, c in enumerate(CASES)],
)
def test_check(glossary, check_id, lang, source, target, expected):
    assert spans(check_id, lang, source, target, glossary) == expected


CODES = (InlineCode("1", '<a href="/r">', "</a>"), InlineCode("2", "<br>"))
TAG_CASES = [
    ("pt", 'Read <g id="1">this</g>.<x id="2"/>', 'Leia <g id="1">isto</g>.<x id="2"/>', [], []),
    ("es", 'Read <g id="1">this</g>.<x id="2"/>', "Lea esto.", ["g1", "x2"], []),
    ("fr", 'Read <g id="1">this</g>.<x id="2"/>', '<x id="2"/>Lisez <g id="1">ceci</g>.', [], []),  # moved is fine
    ("ar", 'Read <g id="1">this</g>.<x id="2"/>', 'اقرأ <g id="1">هذا</g> <g id="1">هنا</g>.<x id="2"/>', [], ["g1"]),
    ("pt", "Read this.", 'Leia <x id="7"/>isto.', [], ["x7"]),
]


@pytest.mark.parametrize(("lang", "source", "target", "lost", "extra"), TAG_CASES)
def test_inline_codes_lost_or_duplicated(glossary, lang, source, target, lost, extra):
    assert spans("inline-code-lost", lang, source, target, glossary, CODES) == lost
    assert spans("inline-code-duplicated", lang, source, target, glossary, CODES) == extra


def test_lost_code_message_names_its_markup(glossary):
    segment = Segment("s1", 'Read <g id="1">this</g>.', CODES)
    ctx = CheckContext(source=EN, target=parse_language("pt"))
    (flag,) = REGISTRY["inline-code-lost"](segment, "Leia isto.", ctx)
    assert flag.message == 'inline code g1 (<a href="/r">) is missing from the target'


def test_run_checks_uses_the_registry_and_honours_ignore(glossary):
    segment = Segment("s1", "Member States sent 40,000 kits.")
    pt = parse_language("pt")
    ctx = CheckContext(source=EN, target=pt, matches=glossary.find(segment.source))
    flags = run_checks(segment, "Os países enviaram 40,000 kits.", ctx)
    assert [f.code for f in flags] == ["glossary-mandated-missing", "number-mismatch", "number-mismatch"]
    ignoring = CheckContext(source=EN, target=pt, matches=ctx.matches, ignore=frozenset({"number-mismatch"}))
    assert [f.code for f in run_checks(segment, "Os países enviaram 40,000 kits.", ignoring)] == [
        "glossary-mandated-missing"
    ]


def test_malformed_target_is_one_critical_flag():
    ctx = CheckContext(source=EN, target=parse_language("pt"))
    (flag,) = run_checks(Segment("s1", "Hello."), 'Olá <g id="1">mundo.', ctx)
    assert (flag.code, flag.severity) == (MALFORMED, Severity.CRITICAL)


def test_registry_entries_are_described_and_stable():
    assert set(REGISTRY) == {
        "glossary-mandated-missing",
        "glossary-keep-altered",
        "glossary-forbidden",
        "number-mismatch",
        "number-relation",
        "inline-code-lost",
        "inline-code-duplicated",
        "url-email-changed",
        "placeholder-leaked",
        "empty-target",
        "untranslated",
        "length-ratio",
        "doubled-words",
        # quality estimation (issue 13)
        "quotes-lost",
        "quote-style",
        "brackets-mismatch",
        "variety-mismatch",
        "date-name-case",
        "engine-artefact",
        "untranslated-word",
        "acronym-untranslated",
        "name-half-translated",
        "word-sense",
        "omission",
        "addition",
        "english-word-order",
        "article-dropped",
        "agreement",
        "infinitive-imperative",
        "garbled-syntax",
        "determiner-gender",
        "roundtrip-divergent",
        "low-confidence",
        "spelling-unknown-word",
    }
    for check_id, check in REGISTRY.items():
        assert check.check_id == check_id
        assert check.name and check.description.endswith(".")
        assert isinstance(check.severity, Severity)
