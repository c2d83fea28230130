"""CSV glossaries, combining glossaries, term matching in source text, fingerprints and the applied-terms report."""

from __future__ import annotations

from pathlib import Path

import pytest

from transpub.checks.applied import applied_terms
from transpub.document import InlineCode
from transpub.errors import GlossaryError
from transpub.glossary import (
    GlossaryEntry,
    TermKind,
    TermStatus,
    combine,
    load_glossaries,
    read_glossary,
)
from transpub.glossary.csv_reader import parse_csv
from transpub.glossary.target import has_mandated, pluralize

REPO = Path(__file__).resolve().parents[1].parent
GCRF_CSV = REPO / "glossaries" / "gcrf.csv"
TARGETS = ["pt", "es", "fr", "ar"]


@pytest.fixture(scope="module")
def gcrf():
    return load_glossaries([GCRF_CSV], source="en", targets=TARGETS)


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# ------------------------------------------------------------------------------------------------ CSV reading


def test_bundled_csv_has_the_shared_gcrf_terms(gcrf):
    kinds = {e.source: e.kind for e in gcrf.entries}
    for keep in ["Coastal Horizons Initiative", "GCRF", "Amara Okafor", "Tidewatch", "Port Elizabeth Declaration"]:
        assert kinds[keep] is TermKind.KEEP
    by_source = {e.source: e for e in gcrf.entries if e.kind is TermKind.TRANSLATE}
    assert by_source["internally displaced persons"].target("pt") == "pessoas deslocadas internamente"
    assert by_source["early warning system"].target("fr") == "système d'alerte précoce"
    assert by_source["Member States"].target("ar") == "الدول الأعضاء"
    forbidden = gcrf.forbidden("fr")
    assert [e.forbidden_words("fr") for e in forbidden] == [("réfugiés climatiques",)]
    assert gcrf.forbidden("ar") == ()


def test_csv_types_case_and_notes():
    text = (
        "en,pt-BR,es,type,case_sensitive,note\n"
        "# a comment line\n"
        "\n"
        "Tidewatch,,,,,data platform\n"
        "IDP,,,keep,,\n"
        "coastal community,comunidade costeira,comunidad costera,,,\n"
        "climate refugees,refugiados climáticos|refugiado climático,refugiados climáticos,forbidden,no,\n"
        "Fund,Fundo,Fondo,translate,yes,\n"
    )
    entries = {e.source: e for e in parse_csv(text, path="t.csv", source="en", targets=["pt", "es"])}
    assert entries["Tidewatch"].kind is TermKind.KEEP  # no type, no target cells: keep
    assert entries["Tidewatch"].note == "data platform"
    assert entries["Tidewatch"].origin == "t.csv:4"
    assert entries["IDP"].case_sensitive is True  # acronym default
    assert entries["coastal community"].kind is TermKind.TRANSLATE
    assert entries["coastal community"].target("pt") == "comunidade costeira"  # pt served by the pt-BR column
    assert entries["climate refugees"].forbidden_words("pt") == ("refugiados climáticos", "refugiado climático")
    assert entries["Fund"].case_sensitive is True


def test_csv_targets_not_requested_are_ignored():
    text = "en,pt,fr\nclimate resilience,resiliência climática,résilience climatique\n"
    (entry,) = parse_csv(text, path="t.csv", source="en", targets=["fr"])
    assert entry.target("fr") == "résilience climatique"
    assert entry.target("pt") is None


BAD_CSV = [
    ("empty", "", 1, "no header row"),
    ("header not a language", "en,portuguese\nx,y\n", 1, "neither a language code"),
    ("header blank column", "en,,pt\n", 1, "column 2 has no name"),
    ("no source column", "pt,es\nx,y\n", 1, "no column for the source language"),
    ("duplicate column", "en,pt,pt\n", 1, "duplicate column"),
    ("unknown type", "en,pt,type\nx,y,translated\n", 2, "unknown type"),
    ("bad case flag", "en,pt,case_sensitive\nx,y,maybe\n", 2, "case_sensitive must be yes or no"),
    ("empty source", "en,pt\n,y\n", 2, "empty source term"),
    ("too many cells", "en,pt\nx,y,z\n", 2, "row has 3 cells but the header has 2"),
    ("duplicate term", "en,pt\nclimate,clima\n\nClimate,clima\n", 4, "already defined on line 2"),
    ("keep with target", "en,pt,type\nGCRF,FGRC,keep\n", 2, "keep term 'GCRF' has a different pt cell"),
    ("forbidden without words", "en,pt,type\nclimate refugees,,forbidden\n", 2, "no forbidden word"),
    (
        "no target of the run",
        "en,de\nclimate resilience,Klimaresilienz\n",
        1,
        "covers de, not any language of this run",
    ),
    ("source language not named", "de,pt\nKlima,clima\n", 1, "no column for the source language of this run (en)"),
]


@pytest.mark.parametrize(("name", "text", "line", "message"), BAD_CSV, ids=[c[0] for c in BAD_CSV])
def test_csv_errors_name_file_line_and_problem(tmp_path, name, text, line, message):
    path = write(tmp_path, "bad.csv", text)
    with pytest.raises(GlossaryError) as info:
        read_glossary(path, source="en", targets=["pt"])
    err = info.value
    assert err.path == str(path)
    assert err.line == line
    assert message in str(err)
    assert str(err).startswith(f"{path}:{line}: ")


LANGUAGE_FIT = [
    # (header, run targets, loads?) -- a glossary must serve at least one target of the run; extra languages are fine
    ("en,pt,es,fr,ar,type", ["pt"], True),
    ("en,pt-BR,type", ["pt"], True),
    ("en,pt,type", ["pt-BR"], True),
    ("en,type", ["ar"], True),  # keep-terms only: no target language named, fits every run
    ("en,de,type", ["pt"], False),
    ("en,de,fr,type", ["pt", "es"], False),
    ("en,de,fr,type", ["pt", "fr"], True),
]


@pytest.mark.parametrize(("header", "targets", "loads"), LANGUAGE_FIT)
def test_glossary_must_serve_a_language_of_the_run(tmp_path, header, targets, loads):
    cells = ",".join(["GCRF"] + [""] * (header.count(",") - 1) + ["keep"])
    path = write(tmp_path, "terms.csv", f"{header}\n{cells}\n")
    if loads:
        (entry,) = load_glossaries([path], source="en", targets=targets).entries
        assert entry.kind is TermKind.KEEP
        return
    with pytest.raises(GlossaryError) as info:
        load_glossaries([path], source="en", targets=targets)
    others = header.removeprefix("en,").removesuffix(",type").replace(",", ", ")
    assert str(info.value) == f"{path}:1: glossary covers {others}, not any language of this run ({', '.join(targets)})"


def test_csv_line_numbers_count_multiline_cells(tmp_path):
    path = write(tmp_path, "g.csv", 'en,pt,note\nclimate,clima,"two\nlines"\nx,,\n"",y,\n')
    with pytest.raises(GlossaryError) as info:
        read_glossary(path, source="en", targets=["pt"])
    assert info.value.line == 5


def test_unknown_extension_and_missing_file(tmp_path):
    with pytest.raises(GlossaryError, match="unknown glossary format"):
        read_glossary(write(tmp_path, "g.xlsx", "x"), source="en", targets=["pt"])
    with pytest.raises(GlossaryError, match="not found"):
        read_glossary(tmp_path / "nope.csv", source="en", targets=["pt"])


def test_non_utf8_csv_is_refused(tmp_path):
    path = tmp_path / "latin1.csv"
    path.write_bytes("en,pt\nação,ação\n".encode("latin-1"))
    with pytest.raises(GlossaryError, match="not UTF-8"):
        read_glossary(path, source="en", targets=["pt"])


# ----------------------------------------------------------------------------------------- combining glossaries


def test_later_glossary_wins_and_the_conflict_is_reported(tmp_path, caplog):
    first = write(tmp_path, "a.csv", "en,pt\nclimate resilience,resiliência ao clima\nfund,fundo\n")
    second = write(tmp_path, "b.csv", "en,pt\nClimate resilience,resiliência climática\nfund,fundo\n")
    with caplog.at_level("WARNING"):
        glossary = load_glossaries([first, second], source="en", targets=["pt"])
    entries = {e.source.casefold(): e for e in glossary.entries}
    assert entries["climate resilience"].target("pt") == "resiliência climática"
    (conflict,) = glossary.conflicts  # the identical "fund" row is not a conflict
    assert conflict.loser == f"{first}:2"
    assert conflict.winner == f"{second}:2"
    assert "is overridden by" in caplog.text


def test_combine_keeps_forbidden_apart_from_mandated():
    mandated = GlossaryEntry("climate refugees", TermKind.TRANSLATE, {"pt": ("pessoas deslocadas pelo clima",)})
    forbidden = GlossaryEntry("climate refugees", TermKind.FORBIDDEN, {"pt": ("refugiados climáticos",)})
    entries, conflicts = combine([(mandated,), (forbidden,)])
    assert len(entries) == 2
    assert conflicts == ()


# ---------------------------------------------------------------------------------------------- term matching

MATCHING = [
    # (source, expected surface forms found)
    ("Help for internally displaced persons.", ["internally displaced persons"]),
    ("Two displaced persons and internally displaced persons", ["displaced persons", "internally displaced persons"]),
    ("Internally Displaced Persons first", ["Internally Displaced Persons"]),
    ("MEMBER STATES and member states", ["MEMBER STATES", "member states"]),
    ("gcrf is not GCRF", ["GCRF"]),  # acronyms are case-sensitive
    ("the GCRF's budget and the GCRFs", ["GCRF's", "GCRFs"]),
    ("the Member States' position", ["Member States'"]),
    ("new early warning systems", ["early warning systems"]),
    ("an early-warning system", []),
    ("coastal communities", ["coastal communities"]),
    ("Tidewatch’s maps", ["Tidewatch’s"]),
    ("write to gcrf@GCRF.org or https://example.org/GCRF/Tidewatch", []),
    ("visit www.tidewatch.org now", []),
    ("run `GCRF --help` now", []),
    ("GCRF-funded and non-GCRF work", ["GCRF"]),
    ("the GCRFX project", []),
]


@pytest.fixture(scope="module")
def matcher():
    return load_glossaries([GCRF_CSV], source="en", targets=["pt"])


@pytest.mark.parametrize(("source", "expected"), MATCHING)
def test_matching(source, expected):
    extra = GlossaryEntry("displaced persons", TermKind.TRANSLATE, {"pt": ("pessoas deslocadas",)})
    glossary = load_glossaries([GCRF_CSV], source="en", targets=["pt"])
    from transpub.glossary.match import find_terms

    found = find_terms((*glossary.entries, extra), source)
    assert [m.text for m in found] == expected


def test_match_offsets_and_forms(matcher):
    plain = "The GCRF's early warning systems"
    gcrf, ews = matcher.find(plain)
    assert plain[gcrf.start : gcrf.end] == "GCRF's"
    assert (gcrf.core, gcrf.possessive, gcrf.plural) == ("GCRF", "'s", False)
    assert (ews.core, ews.plural) == ("early warning systems", True)
    assert len({gcrf, ews, gcrf}) == 2  # matches (and entries) are hashable values


def test_matching_skips_code_and_translate_no_markup(matcher):
    source = (
        'The <g id="1">GCRF</g> tool <g id="2">Tidewatch</g> and <g id="3">the <g id="4">GCRF</g></g> '
        'fund <x id="5"/>Member States'
    )
    codes = (
        InlineCode("1", "<em>", "</em>"),
        InlineCode("2", "<code>", "</code>"),
        InlineCode("3", '<span translate="no">', "</span>"),
        InlineCode("4", "<b>", "</b>"),
        InlineCode("5", "<br>"),
    )
    found = matcher.find(source, codes)
    assert [m.text for m in found] == ["GCRF", "Member States"]
    # offsets are in the plain text: "The GCRF tool Tidewatch and the GCRF fund Member States"
    assert (found[0].start, found[1].start) == (4, 42)


def test_terms_never_span_inline_codes(matcher):
    assert matcher.find('climate <g id="1">resilience</g>') == ()


# ------------------------------------------------------------------------------------ fingerprints and version


def test_fingerprint_depends_on_the_entries_that_matter(tmp_path, matcher):
    matches = matcher.find("Member States and the GCRF")
    fp = matcher.fingerprint(matches, "pt")
    assert fp == matcher.fingerprint(matcher.find("the GCRF and Member States"), "pt")
    assert fp != matcher.fingerprint(matcher.find("Member States only"), "pt")
    assert matcher.fingerprint((), "pt") == ""
    changed = write(tmp_path, "c.csv", "en,pt\nMember States,Estados Membros\n")
    other = load_glossaries([GCRF_CSV, changed], source="en", targets=["pt"])
    assert other.fingerprint(other.find("Member States and the GCRF"), "pt") != fp
    assert other.version != matcher.version


# ------------------------------------------------------------------------------ target matching and plurals

TARGET_PRESENCE = [
    ("pt", "Os Estados-Membros decidiram.", "Estados-Membros", True),
    ("pt", "Os sistemas de alerta precoce funcionam.", "sistema de alerta precoce", True),
    ("pt", "O sistema de aviso precoce funciona.", "sistema de alerta precoce", False),
    ("es", "Resiliencia climática para todos.", "resiliencia climática", True),
    ("fr", "Les systèmes d'alerte précoce sauvent des vies.", "système d'alerte précoce", True),
    ("fr", "Les États membres ont voté.", "États membres", True),
    ("ar", "ودعت الدول الأعضاء إلى العمل", "الدول الأعضاء", True),
    ("ar", "ودعت الدول إلى العمل", "الدول الأعضاء", False),
]


@pytest.mark.parametrize(("lang", "target", "term", "present"), TARGET_PRESENCE)
def test_mandated_presence_in_target(lang, target, term, present):
    assert has_mandated(target, term) is present


@pytest.mark.parametrize(
    ("term", "lang", "plural"),
    [
        ("sistema de alerta precoce", "pt", "sistemas de alerta precoce"),
        ("comunidade costeira", "pt", "comunidades costeiras"),
        ("Estados-Membros", "pt", "Estados-Membros"),
        ("sistema de alerta temprana", "es", "sistemas de alerta temprana"),
        ("comunidad costera", "es", "comunidades costeras"),
        ("système d'alerte précoce", "fr", "systèmes d'alerte précoce"),
        ("نظام الإنذار المبكر", "ar", "نظام الإنذار المبكر"),
    ],
)
def test_pluralize_regular_noun_phrases(term, lang, plural):
    assert pluralize(term, lang) == plural
    assert has_mandated(plural, term)


# ------------------------------------------------------------------------------------------- applied terms


def test_applied_terms_report_statuses(matcher):
    matches = matcher.find("The GCRF and Member States help climate refugees.")
    target = "O GCRF e os Estados Membros ajudam refugiados climáticos."
    terms = {t.source: t for t in applied_terms(matches, target, "pt", enforced={"GCRF"})}
    assert terms["GCRF"].status is TermStatus.ENFORCED
    assert terms["Member States"].status is TermStatus.FAILED
    assert terms["Member States"].reason == "mandated term 'Estados-Membros' (for 'Member States') is missing"
    assert terms["climate refugees"].status is TermStatus.FAILED
    assert terms["climate refugees"].target == "refugiados climáticos"
    assert terms["GCRF"].as_dict() == {
        "source": "GCRF",
        "kind": "keep",
        "target": "GCRF",
        "status": "enforced",
        "reason": None,
    }


def test_applied_terms_failures_and_forbidden_without_source_match(matcher):
    matches = matcher.find("Member States met.")
    target = "Os Estados-Membros e os refugiados climáticos."
    terms = applied_terms(
        matches, target, "pt", failures={"Member States": "placeholder dropped"}, forbidden=matcher.forbidden("pt")
    )
    assert [(t.source, t.status, t.reason) for t in terms] == [
        ("Member States", TermStatus.FAILED, "placeholder dropped"),
        ("climate refugees", TermStatus.FAILED, "forbidden term 'refugiados climáticos' is used"),
    ]
    clean = applied_terms(matcher.find("climate refugees"), "pessoas deslocadas pelo clima", "pt")
    assert [(t.status, t.target) for t in clean] == [(TermStatus.ENFORCED, "refugiados climáticos")]
