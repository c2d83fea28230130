"""The QA report: built from translations and applied terms, validated against the schema, written and read."""

from __future__ import annotations

import copy
import enum
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from transpub.document import Flag, Origin, Release, Segment, Severity, Translation
from transpub.errors import PublishError
from transpub.publish import LanguageResult, build_report, read_report, validate_report, write_report
from transpub.publish.report import LanguageStatus, ReleaseReport, report_path
from transpub.publish.report_io import build_release_report, load_release_report

SLUG = "2026-05-displacement"
RELEASE = Release(
    title="GCRF funds support for internally displaced persons",
    slug=SLUG,
    blocks=(),
    source_path=Path("releases/2026-05-displacement.md"),
    content_hash="9f2c" * 16,
)
SEGMENTS = (
    Segment("title", "GCRF funds support for internally displaced persons", context="title"),
    Segment("b1.s1", 'Read <g id="1">the Tidewatch report</g> &amp; share it.', context="body"),
    Segment("b1.s2", "Port Elizabeth Declaration", context="body"),
)


class Kind(enum.Enum):
    KEEP = "keep"
    TRANSLATE = "translate"


@dataclass(frozen=True)
class Term:
    """Shaped like transpub.translate.protect.AppliedTerm."""

    source: str
    kind: Kind
    target: str | None
    status: str
    reason: str | None = None


PT = (
    Translation("title", "pt", SEGMENTS[0].source, "GCRF financia apoio a pessoas deslocadas internamente", Origin.MT),
    Translation(
        "b1.s1",
        "pt",
        SEGMENTS[1].source,
        'Leia <g id="1">o relatório Tidewatch</g> &amp; compartilhe.',
        Origin.MEMORY,
        flags=(Flag("number-mismatch", Severity.WARNING, "number 40,000 missing", span="40,000"),),
    ),
    Translation("b1.s2", "pt", SEGMENTS[2].source, "Port Elizabeth Declaration", Origin.KEPT),
)
AR = (
    Translation(
        "title",
        "ar",
        SEGMENTS[0].source,
        "الصندوق يموّل دعم اللاجئين",
        Origin.MT,
        flags=(Flag("glossary-mandated-missing", Severity.CRITICAL, "mandated term missing: النازحون داخليا"),),
    ),
    Translation("b1.s1", "ar", SEGMENTS[1].source, 'اقرأ <g id="1">تقرير Tidewatch</g> وشاركه.', Origin.APPROVED),
)
TERMS = {
    "title": (Term("internally displaced persons", Kind.TRANSLATE, "pessoas deslocadas internamente", "enforced"),),
    "b1.s1": (Term("Tidewatch", Kind.KEEP, "Tidewatch", "present"),),
}


def sample_report() -> dict[str, Any]:
    return build_report(
        RELEASE,
        [
            LanguageResult("pt", "machine", PT, engine="bergamot", model="enpt-tiny", terms=TERMS),
            LanguageResult("ar", "held", AR, engine="argos", model="translate-en_ar-1_0"),
        ],
        source_lang="en",
        segments=SEGMENTS,
        generated_at="2026-05-02T08:30:00+00:00",
    )


def test_report_follows_the_contract_schema() -> None:
    report = sample_report()
    assert report["release"] == {
        "slug": SLUG,
        "title": "GCRF funds support for internally displaced persons",
        "source_path": "releases/2026-05-displacement.md",
        "content_hash": "9f2c" * 16,
    }
    assert report["source_lang"] == "en"
    pt = report["languages"]["pt"]
    assert {k: pt[k] for k in ("engine", "model", "status", "page")} == {
        "engine": "bergamot",
        "model": "enpt-tiny",
        "status": "machine",
        "page": f"pt/{SLUG}.html",
    }
    assert [s["origin"] for s in pt["segments"]] == ["mt", "memory", "kept"]
    assert [s["context"] for s in pt["segments"]] == ["title", "body", "body"]
    assert pt["segments"][1] == {
        "id": "b1.s1",
        "context": "body",
        "source": 'Read <g id="1">the Tidewatch report</g> &amp; share it.',
        "target": 'Leia <g id="1">o relatório Tidewatch</g> &amp; compartilhe.',
        "origin": "memory",
        "flags": [
            {"code": "number-mismatch", "severity": "warning", "message": "number 40,000 missing", "span": "40,000"}
        ],
        "terms": [{"source": "Tidewatch", "kind": "keep", "target": "Tidewatch", "status": "present", "reason": None}],
        "suggestion": None,
    }
    assert pt["segments"][0]["terms"][0]["kind"] == "translate"
    ar = report["languages"]["ar"]
    assert ar["status"] == "held"
    assert ar["segments"][0]["flags"][0]["severity"] == "critical"
    assert ar["segments"][1]["origin"] == "approved"
    json.dumps(report)  # JSON-ready: nothing but dicts, lists, strings and None


def test_write_then_read_round_trips_real_text(tmp_path: Path) -> None:
    report = sample_report()
    path = write_report(tmp_path, report)
    assert path == tmp_path / "reports" / f"{SLUG}.json"
    raw = path.read_text(encoding="utf-8")
    assert "النازحون داخليا" in raw and "pessoas deslocadas internamente" in raw  # not \\u-escaped
    assert read_report(tmp_path, SLUG) == report


def test_unknown_segment_is_refused() -> None:
    stray = Translation("b9.s9", "pt", "Ghost", "Fantasma", Origin.MT)
    with pytest.raises(PublishError, match=r"unknown segment: 'b9\.s9'"):
        build_report(RELEASE, [LanguageResult("pt", "machine", (stray,))], source_lang="en", segments=SEGMENTS)


def test_language_twice_is_refused() -> None:
    twice = [LanguageResult("pt", "machine", PT), LanguageResult("pt", "reviewed", PT)]
    with pytest.raises(PublishError, match="language reported twice: 'pt'"):
        build_report(RELEASE, twice, source_lang="en", segments=SEGMENTS)


def test_bad_term_kind_is_caught_when_building() -> None:
    bad = {"title": ({"source": "GCRF", "kind": "sometimes", "target": None, "status": "present"},)}
    with pytest.raises(PublishError, match=r"languages\.pt\.segments\[0\]\.terms\[0\]\.kind"):
        build_report(RELEASE, [LanguageResult("pt", "machine", PT, terms=bad)], source_lang="en", segments=SEGMENTS)


def _set(report: dict[str, Any], path: tuple[Any, ...], value: object) -> dict[str, Any]:
    broken = copy.deepcopy(report)
    target = broken
    for key in path[:-1]:
        target = target[key]
    if value is KeyError:
        del target[path[-1]]
    else:
        target[path[-1]] = value
    return broken


@pytest.mark.parametrize(
    ("path", "value", "where"),
    [
        (("languages", "pt", "segments", 0, "origin"), "guess", r"languages\.pt\.segments\[0\]\.origin"),
        (("languages", "ar", "segments", 0, "flags", 0, "severity"), "fatal", r"flags\[0\]\.severity"),
        (("languages", "pt", "status"), "published", r"languages\.pt\.status"),
        (("languages", "pt", "segments"), "none", r"languages\.pt\.segments: expected a list"),
        (("languages", "pt", "segments", 1, "target"), None, r"segments\[1\]\.target: expected a string"),
        (("release", "slug"), "../../etc", r"release\.slug: not a safe file name"),
        (("release", "title"), KeyError, r"release: missing keys"),
        (("generated_at",), 20260502, r"generated_at: expected a string"),
    ],
)
def test_schema_violations_name_the_place(path: tuple[Any, ...], value: object, where: str) -> None:
    with pytest.raises(PublishError, match=where):
        validate_report(_set(sample_report(), path, value))


def test_write_refuses_an_invalid_report_and_writes_nothing(tmp_path: Path) -> None:
    broken = _set(sample_report(), ("languages", "pt", "segments", 0, "origin"), "guess")
    with pytest.raises(PublishError):
        write_report(tmp_path, broken)
    assert not (tmp_path / "reports").exists()


def test_read_missing_report_names_the_file(tmp_path: Path) -> None:
    with pytest.raises(PublishError, match="no QA report") as err:
        read_report(tmp_path, SLUG)
    assert err.value.path == str(report_path(tmp_path, SLUG))


def test_read_broken_json_names_file_and_line(tmp_path: Path) -> None:
    path = report_path(tmp_path, SLUG)
    path.parent.mkdir(parents=True)
    path.write_text('{\n  "release": {\n    "slug": \n}', encoding="utf-8")
    with pytest.raises(PublishError, match="not valid JSON") as err:
        read_report(tmp_path, SLUG)
    assert err.value.path == str(path)
    assert err.value.line == 4


def test_read_report_of_another_release_is_refused(tmp_path: Path) -> None:
    report = sample_report()
    write_report(tmp_path, report)
    other = report_path(tmp_path, "other-release")
    other.write_bytes(report_path(tmp_path, SLUG).read_bytes())
    with pytest.raises(PublishError, match="belongs to another release"):
        read_report(tmp_path, "other-release")


def test_read_report_validates(tmp_path: Path) -> None:
    path = report_path(tmp_path, SLUG)
    path.parent.mkdir(parents=True)
    broken = _set(sample_report(), ("languages", "ar", "segments", 1, "origin"), "robot")
    path.write_text(json.dumps(broken), encoding="utf-8")
    with pytest.raises(PublishError, match=r"segments\[1\]\.origin") as err:
        read_report(tmp_path, SLUG)
    assert err.value.path == str(path)


def test_typed_report_round_trips_and_reads_like_the_dict(tmp_path: Path) -> None:
    report = build_release_report(
        RELEASE,
        [LanguageResult("pt", "machine", PT, engine="bergamot", model="enpt-tiny", terms=TERMS)],
        source_lang="en",
        segments=SEGMENTS,
        generated_at="2026-05-02T08:30:00+00:00",
    )
    pt = report.language("pt")
    assert pt.status is LanguageStatus.MACHINE
    assert [s.origin for s in pt.segments] == [Origin.MT, Origin.MEMORY, Origin.KEPT]
    assert pt.segments[1].flags[0] == Flag("number-mismatch", Severity.WARNING, "number 40,000 missing", "40,000")
    assert pt.segments[0].terms[0].describe() == (
        "translate: internally displaced persons -> pessoas deslocadas internamente (enforced)"
    )
    assert ReleaseReport.from_json(report.to_json()) == report
    write_report(tmp_path, report)
    assert load_release_report(tmp_path, SLUG) == report
    assert read_report(tmp_path, SLUG) == report.to_json()


def test_optional_fields_are_written_only_when_set_and_read_back() -> None:
    from transpub.document import FuzzyMatch

    plain = sample_report()["languages"]["pt"]
    assert "flag_counts" not in plain
    assert not {"strategy", "back_translation", "matches"} & set(plain["segments"][0])
    rich = Translation(
        "title",
        "pt",
        SEGMENTS[0].source,
        PT[0].target,
        Origin.MT,
        strategy="mask",
        back_translation="GCRF funds support for internally displaced people",
        matches=(FuzzyMatch("GCRF funds support", "GCRF financia apoio", 0.82, Origin.APPROVED),),
    )
    report = build_release_report(
        RELEASE,
        [LanguageResult("pt", "machine", (rich,))],
        source_lang="en",
        segments=SEGMENTS,
        generated_at="2026-05-02T08:30:00+00:00",
        flag_counts={"pt": {"number-mismatch": 2}},
    )
    data = report.to_json()
    seg = data["languages"]["pt"]["segments"][0]
    assert seg["strategy"] == "mask"
    assert seg["back_translation"].startswith("GCRF funds")
    assert seg["matches"] == [
        {"source": "GCRF funds support", "target": "GCRF financia apoio", "score": 0.82, "origin": "approved"}
    ]
    assert data["languages"]["pt"]["flag_counts"] == {"number-mismatch": 2}
    back = ReleaseReport.from_json(json.loads(json.dumps(data)))
    assert back == report
    assert back.language("pt").segments[0].translation("pt").matches == rich.matches


@pytest.mark.parametrize(
    ("key", "value", "where"),
    [
        ("strategy", 3, r"segments\[0\]\.strategy: expected a string or null"),
        ("back_translation", ["x"], r"segments\[0\]\.back_translation: expected a string or null"),
        ("matches", {"a": 1}, r"segments\[0\]\.matches: expected a list"),
        ("matches", [{"source": "a", "target": "b", "score": 1.5, "origin": "mt"}], r"matches\[0\]\.score"),
        ("matches", [{"source": "a", "target": "b", "score": 0.5, "origin": "tm"}], r"matches\[0\]\.origin"),
        ("matches", [{"source": "a", "score": 0.5, "origin": "mt"}], r"matches\[0\]: missing keys"),
    ],
)
def test_optional_segment_fields_are_validated_when_present(key: str, value: object, where: str) -> None:
    with pytest.raises(PublishError, match=where):
        validate_report(_set(sample_report(), ("languages", "pt", "segments", 0, key), value))


@pytest.mark.parametrize("counts", [{"number-mismatch": -1}, {"number-mismatch": "2"}, ["number-mismatch"]])
def test_flag_counts_are_validated_when_present(counts: object) -> None:
    with pytest.raises(PublishError, match=r"languages\.pt\.flag_counts"):
        validate_report(_set(sample_report(), ("languages", "pt", "flag_counts"), counts))


def test_report_errors_are_review_errors_too(tmp_path: Path) -> None:
    from transpub.errors import ReviewError

    with pytest.raises(ReviewError, match="not a release slug"):
        report_path(tmp_path, "../../etc/x")
